package store

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// A second serve reaching the same database through a symbolic link (to the
// file or to its folder) finds the first one's lock.
func TestLockWorkersFollowsSymlinks(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "data", "refsync.db")
	if err := os.MkdirAll(filepath.Dir(real), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(real, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	fileLink, dirLink := filepath.Join(dir, "link.db"), filepath.Join(dir, "linked")
	if err := os.Symlink(real, fileLink); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if err := os.Symlink(filepath.Dir(real), dirLink); err != nil {
		t.Fatal(err)
	}
	first, err := LockWorkersAt(real, "refsync serve")
	if err != nil {
		t.Fatal(err)
	}
	defer first.Release()
	for _, p := range []string{fileLink, filepath.Join(dirLink, "refsync.db")} {
		if l, err := LockWorkersAt(p, "refsync serve"); !errors.Is(err, ErrLocked) {
			l.Release()
			t.Fatalf("through %s: %v, want ErrLocked", p, err)
		}
	}
}
