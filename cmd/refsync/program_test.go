package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/refsync/refsync/store"
)

func TestProgramCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	out, _, err := runCmd(t, "program", "add", "--db", db, "Partners", "EU")
	if err != nil || !strings.Contains(out, `program 2 "Partners EU" added`) {
		t.Fatalf("add: %v %q", err, out)
	}
	if _, _, err := runCmd(t, "program", "add", "--db", db, "Partners EU"); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("duplicate name: %v", err)
	}
	if _, _, err := runCmd(t, "program", "add", "--db", db); err == nil {
		t.Fatal("add without a name accepted")
	}
	csv := filepath.Join(dir, "r.csv")
	if err := os.WriteFile(csv, []byte("first_name,last_name,email\nAda,Lovelace,ada@example.com\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, _, err := runCmd(t, "import", "referrals", csv, "--program", "2", "--db", db); err != nil || !strings.Contains(out, "imported 1") {
		t.Fatalf("import into program 2: %v %q", err, out)
	}
	if _, _, err := runCmd(t, "import", "referrals", csv, "--program", "9", "--db", db); err == nil || !strings.Contains(err.Error(), "no program 9") {
		t.Fatalf("import into a missing program: %v", err)
	}
	if out, _, err := runCmd(t, "program", "archive", "--db", db, "2"); err != nil || !strings.Contains(out, "archived") {
		t.Fatalf("archive: %v %q", err, out)
	}
	if _, _, err := runCmd(t, "program", "archive", "--db", db, "1"); err == nil || !strings.Contains(err.Error(), "default program cannot be archived") {
		t.Fatalf("archive default: %v", err)
	}
	out, _, err = runCmd(t, "program", "list", "--db", db)
	if err != nil || !strings.Contains(out, "default") || !strings.Contains(out, "Partners EU") {
		t.Fatalf("list: %v %q", err, out)
	}
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if r, err := s.ReferralByEmail(context.Background(), 2, "ada@example.com"); err != nil || r.ProgramID != 2 {
		t.Fatalf("imported referral: %+v %v", r, err)
	}
}
