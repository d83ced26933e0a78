package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/refsync/refsync/store"
)

// /healthz says when the disk is full instead of "ok".
func TestHealthzDiskFull(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	check := func() (int, string) {
		rec := httptest.NewRecorder()
		healthz(db)(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
		return rec.Code, rec.Body.String()
	}
	if code, body := check(); code != 200 || !strings.Contains(body, `"status":"ok"`) {
		t.Fatalf("healthy: %d %s", code, body)
	}
	fillUp(t, db)
	if code, body := check(); code != http.StatusServiceUnavailable || !strings.Contains(body, `"status":"disk full"`) || !strings.Contains(body, "is full; refsync refuses changes") {
		t.Fatalf("full: %d %s", code, body)
	}
}

// While the disk stays full, a small write that still fits (the sync
// recording its failed run) does not flip /healthz back to "ok"; room again does.
func TestHealthzDiskFullDoesNotFlap(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	status := func() string {
		rec := httptest.NewRecorder()
		healthz(db)(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
		return rec.Body.String()
	}
	if err := db.FinishSyncRun(ctx, "Lead", "", false); err != nil {
		t.Fatal(err)
	}
	fillUp(t, db)
	if err := db.FinishSyncRun(ctx, "Lead", "the disk holding the database is full", false); err != nil {
		t.Fatalf("the small write should still fit: %v", err)
	}
	if body := status(); !strings.Contains(body, `"status":"disk full"`) {
		t.Fatalf("after a small write on a full disk: %s, want still disk full", body)
	}
	if _, err := db.W.Exec(`PRAGMA max_page_count = 1000000`); err != nil {
		t.Fatal(err)
	}
	if err := db.FinishSyncRun(ctx, "Lead", "", false); err != nil {
		t.Fatal(err)
	}
	if body := status(); !strings.Contains(body, `"status":"ok"`) {
		t.Fatalf("with room again: %s, want ok", body)
	}
}

// fillUp caps the database at its size and writes until a write fails, as on a full disk.
func fillUp(t *testing.T, db *store.DB) {
	t.Helper()
	var pages int
	db.W.QueryRow(`PRAGMA page_count`).Scan(&pages)
	if _, err := db.W.Exec(fmt.Sprintf(`PRAGMA max_page_count = %d`, pages)); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 500; i++ {
		r := &store.Referral{LastName: fmt.Sprint("Full", i), Company: strings.Repeat("c", 250)}
		if err := db.CreateReferral(context.Background(), r, "test"); err != nil {
			return
		}
	}
}
