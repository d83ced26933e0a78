package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// damaged makes a database with some referrals and overwrites pages in the
// last part of the file, as a failing disk or a stray write would.
func damaged(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "refsync.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 1500; i++ {
		r := &Referral{LastName: fmt.Sprint("Damaged", i), Email: fmt.Sprintf("d%d@example.com", i), Company: strings.Repeat("c", 100)}
		if err := db.CreateReferral(ctx, r, "test"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.W.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := f.Stat()
	junk := []byte(strings.Repeat("\xde\xad\xbe\xef", 4096))
	for off := st.Size() * 3 / 4; off+int64(len(junk)) < st.Size(); off += 8 * 4096 {
		if _, err := f.WriteAt(junk, off); err != nil {
			t.Fatal(err)
		}
	}
	f.Close()
	return path
}

// Pages overwritten in the middle of the file are found by the quick check
// at start and by the full check, with what to do.
func TestCheckIntegrityFindsDamage(t *testing.T) {
	ctx := context.Background()
	good, err := Open(ctx, filepath.Join(t.TempDir(), "good.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer good.Close()
	if err := good.CheckIntegrity(ctx, true); err != nil {
		t.Fatalf("a sound database: %v", err)
	}
	db, err := Open(ctx, damaged(t))
	if err != nil {
		t.Fatalf("the damaged database should still open (its schema is intact): %v", err)
	}
	defer db.Close()
	for _, quick := range []bool{true, false} {
		err := db.CheckIntegrity(ctx, quick)
		if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "backup") {
			t.Fatalf("quick=%v: %v, want ErrCorrupt saying to put back a backup", quick, err)
		}
	}
}

// An empty file is not silently taken for a new database.
func TestOpenRefusesAnEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "refsync.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), path)
	if !errors.Is(err, ErrEmptyFile) || !strings.Contains(err.Error(), "delete the empty file") {
		t.Fatalf("opening an empty file: %v, want ErrEmptyFile with what to do", err)
	}
	if st, _ := os.Stat(path); st.Size() != 0 {
		t.Fatal("the empty file was written to")
	}
}
