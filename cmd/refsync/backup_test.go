package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/refsync/refsync/store"
)

func TestBackupCopiesAndRefusesOverwrite(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	csv := filepath.Join(dir, "r.csv")
	os.WriteFile(csv, []byte("first_name,email\nAda,ada@example.com\n"), 0o600)
	if _, _, err := runCmd(t, "import", "referrals", csv, "--db", db); err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(dir, "copy.db")
	out, _, err := runCmd(t, "backup", copyPath, "--db", db)
	if err != nil || !strings.Contains(out, "backed up") {
		t.Fatalf("%v %s", err, out)
	}
	s, err := store.Open(context.Background(), copyPath)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.ReferralByEmail(context.Background(), store.DefaultProgram, "ada@example.com"); err != nil {
		t.Fatalf("backup lacks the referral: %v", err)
	}
	if _, _, err := runCmd(t, "backup", copyPath, "--db", db); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("overwrite: %v", err)
	}
}

func TestMigrateReportsLatest(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.db")
	out, _, err := runCmd(t, "migrate", "--db", db)
	if err != nil || !regexp.MustCompile(`is at migration \d{4}_\w+\.sql \(\d+ applied\)`).MatchString(out) {
		t.Fatalf("%v %q", err, out)
	}
	if _, _, err := runCmd(t, "migrate", "--nope"); err == nil {
		t.Fatal("unknown flag accepted")
	}
}
