package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/refsync/refsync/store"
)

func TestTokenCreateListRevoke(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "r.db")
	runCmd := func(args ...string) (string, error) {
		var out, errOut bytes.Buffer
		env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
		if len(args) > 1 && args[1] == "revoke" {
			args = append([]string{args[0], args[1], "--db", dbPath}, args[2:]...)
		} else {
			args = append(args, "--db", dbPath)
		}
		err := run(context.Background(), env, args)
		return out.String(), err
	}
	out, err := runCmd("token", "create", "--name", "zapier", "--role", "admin")
	tok := regexp.MustCompile(`rsk_\S+`).FindString(out)
	if err != nil || tok == "" {
		t.Fatalf("create: %v %q", err, out)
	}
	db, err := store.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got, err := db.APITokenBySecret(context.Background(), tok); err != nil || got.Role != store.RoleAdmin {
		t.Fatalf("printed token does not authenticate: %v", err)
	}
	for _, tc := range []struct {
		args    []string
		wantErr bool
		says    string
	}{
		{[]string{"token", "create", "--name", "x", "--role", "root"}, true, ""},
		{[]string{"token", "create", "--role", "admin"}, true, ""},
		{[]string{"token", "list"}, false, "zapier"},
		{[]string{"token", "revoke", "1"}, false, "revoked token 1"},
		{[]string{"token", "revoke", "1"}, true, ""},
		{[]string{"token", "revoke", "abc"}, true, ""},
	} {
		out, err := runCmd(tc.args...)
		if (err != nil) != tc.wantErr || !strings.Contains(out, tc.says) {
			t.Fatalf("%v: err %v out %q", tc.args, err, out)
		}
	}
	if _, err := db.APITokenBySecret(context.Background(), tok); err == nil {
		t.Fatal("revoked token still authenticates")
	}
}
