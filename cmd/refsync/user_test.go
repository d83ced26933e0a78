package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/refsync/refsync/store"
)

func TestUserAddAndList(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "r.db")
	runCmd := func(args ...string) (string, string, error) {
		var out, errOut bytes.Buffer
		env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
		err := run(context.Background(), env, append(args, "--db", dbPath))
		return out.String(), errOut.String(), err
	}
	for _, tc := range []struct {
		name    string
		args    []string
		wantErr bool
		says    string
	}{
		{"given password", []string{"user", "add", "--email", "ann@example.com", "--role", "admin", "--password", "long enough pw"}, false, "added ann@example.com (admin)"},
		{"generated password", []string{"user", "add", "--email", "rev@example.com", "--role", "reviewer"}, false, "password: "},
		{"duplicate", []string{"user", "add", "--email", "ANN@example.com", "--role", "admin", "--password", "long enough pw"}, true, ""},
		{"bad role", []string{"user", "add", "--email", "x@example.com", "--role", "root"}, true, ""},
		{"short password", []string{"user", "add", "--email", "x@example.com", "--role", "admin", "--password", "short"}, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, _, err := runCmd(tc.args...)
			if (err != nil) != tc.wantErr || !strings.Contains(out, tc.says) {
				t.Fatalf("err %v out %q", err, out)
			}
			if tc.name == "generated password" {
				pw := regexp.MustCompile(`password: (\S+)`).FindStringSubmatch(out)[1]
				db, _ := store.Open(context.Background(), dbPath)
				defer db.Close()
				u, _ := db.UserByEmail(context.Background(), "rev@example.com")
				if len(pw) < 20 || bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(pw)) != nil {
					t.Fatalf("printed password %q does not open the account", pw)
				}
			}
		})
	}
	out, _, err := runCmd("user", "list")
	if err != nil || !strings.Contains(out, "ann@example.com") || !strings.Contains(out, "reviewer") {
		t.Fatalf("list: %v %q", err, out)
	}
}
