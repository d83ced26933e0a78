package api

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/refsync/refsync/store"
)

// smallDisk mounts a 4 MB file system for the test (root only; skipped elsewhere).
func smallDisk(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small file system here (%v: %s)", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("umount", "-l", dir).Run() })
	return dir
}

// fillUp writes a file until the file system is full.
func fillUp(t *testing.T, dir string) {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, "ballast"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 4096)
	for {
		if _, err := f.Write(buf); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			return
		}
	}
}

// On a really full disk a good token still reads (its use goes unrecorded)
// and a change gets the disk-full answer: never "token unknown or revoked".
func TestFullDiskIsNotUnauthorized(t *testing.T) {
	dir := smallDisk(t)
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(dir, "refsync.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tok, _, err := db.CreateAPIToken(ctx, "zap", store.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(New(Deps{DB: db}))
	defer srv.Close()
	fillUp(t, dir)
	call := func(method, body string) (int, string) {
		req, _ := http.NewRequest(method, srv.URL+"/api/v1/referrals", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", "k1")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, body := call(http.MethodGet, ""); code != http.StatusOK {
		t.Fatalf("a read on a full disk: %d %s, want 200", code, body)
	}
	if db.DiskFull().IsZero() {
		t.Fatal("the failed write of the token's use did not start the disk-full state")
	}
	code, body := call(http.MethodPost, `{"last_name":"Full","email":"full@example.com"}`)
	if code != http.StatusInsufficientStorage || !strings.Contains(body, "disk_full") {
		t.Fatalf("a change on a full disk: %d %s, want 507 disk_full", code, body)
	}
}
