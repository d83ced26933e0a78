package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/sfemu"
	"github.com/refsync/refsync/store"
)

// emuEnv starts the emulator and returns a getenv pointing refsync at it.
func emuEnv(t *testing.T) (*sfemu.Server, string, func(string) string) {
	t.Helper()
	emu, err := sfemu.Start("127.0.0.1:0", sfemu.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	dbPath := filepath.Join(t.TempDir(), "r.db")
	vars := map[string]string{"REFSYNC_DB": dbPath, "REFSYNC_SF_LOGIN_URL": emu.URL(),
		"REFSYNC_SF_CLIENT_ID": emu.Options().ClientID, "REFSYNC_SF_CLIENT_SECRET": emu.Options().ClientSecret}
	return emu, dbPath, func(k string) string { return vars[k] }
}

func runWith(getenv func(string) string, args ...string) (string, error) {
	var out bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out, Getenv: getenv}
	err := run(context.Background(), env, args)
	return out.String(), err
}

func TestDoctor(t *testing.T) {
	_, dbPath, getenv := emuEnv(t)
	out, err := runWith(getenv, "doctor")
	if err != nil || !strings.Contains(out, "everything looks right") || !strings.Contains(out, "api budget") {
		t.Fatalf("healthy doctor: %v\n%s", err, out)
	}
	db, err := store.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	rules := config.DefaultRules()
	rules.Events[0].Field = "StageNme"
	body, _ := rules.JSON()
	if _, err := db.SaveSettings(context.Background(), 1, body, "test"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	out, err = runWith(getenv, "doctor")
	if err == nil || !strings.Contains(out, `Opportunity has no field "StageNme"`) || !strings.Contains(out, "did you mean StageName") {
		t.Fatalf("doctor with a typo: %v\n%s", err, out)
	}
	bad := func(k string) string {
		if k == "REFSYNC_SF_CLIENT_SECRET" {
			return "wrong"
		}
		return getenv(k)
	}
	if out, err := runWith(bad, "doctor"); err == nil || !strings.Contains(out, "FAIL  connection") {
		t.Fatalf("doctor with a wrong secret: %v\n%s", err, out)
	}
}

func TestSyncOnceCommand(t *testing.T) {
	emu, _, getenv := emuEnv(t)
	if _, err := emu.Insert("Lead", map[string]any{"LastName": "Solo", "Company": "Solo Ltd", "Status": "Closed - Converted", "IsConverted": true}); err != nil {
		t.Fatal(err)
	}
	if out, err := runWith(getenv, "sync"); err == nil {
		t.Fatalf("sync without --once must refuse:\n%s", out)
	}
	out, err := runWith(getenv, "sync", "--once", "--object", "Lead", "--since", "2000-01-01")
	if err != nil || !strings.Contains(out, "Lead         1 new entries") || !strings.Contains(out, "1 entries wait in the review queue") {
		t.Fatalf("sync --once: %v\n%s", err, out)
	}
	out, err = runWith(getenv, "sync", "--once", "--object", "Lead")
	if err != nil || !strings.Contains(out, "0 new entries") {
		t.Fatalf("second sync --once: %v\n%s", err, out)
	}
}
