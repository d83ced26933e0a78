package store

import (
	"context"
	"path/filepath"
	"testing"
)

func openTest(t testing.TB) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "refsync.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestMigrateFromEmptyAndAgain(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "x", "refsync.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.Migrations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) < 3 || got[0] != "0001_core.sql" {
		t.Fatalf("applied migrations = %v", got)
	}
	for _, table := range []string{"programs", "members", "referrals", "referral_status_history", "entries", "entry_history",
		"sf_links", "record_snapshots", "sync_state", "connection_state", "settings", "users", "sessions", "api_tokens",
		"webhooks", "webhook_outbox", "webhook_deliveries", "jobs", "audit_log"} {
		var n int
		if err := db.R.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type='table' AND name=?`, table).Scan(&n); err != nil || n != 1 {
			t.Errorf("table %s missing (err %v)", table, err)
		}
	}
	var mode string
	db.R.QueryRow(`PRAGMA journal_mode`).Scan(&mode)
	if mode != "wal" {
		t.Errorf("journal_mode = %q, want wal", mode)
	}
	var fk int
	db.R.QueryRow(`PRAGMA foreign_keys`).Scan(&fk)
	if fk != 1 {
		t.Errorf("foreign_keys = %d, want 1", fk)
	}
	db.Close()
	db2, err := Open(ctx, path) // reopening applies nothing twice
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	again, _ := db2.Migrations(ctx)
	if len(again) != len(got) {
		t.Fatalf("migrations after reopen = %v, want %v", again, got)
	}
	var programs int
	db2.R.QueryRow(`SELECT count(*) FROM programs`).Scan(&programs)
	if programs != 1 {
		t.Fatalf("programs = %d, want the one default", programs)
	}
}
