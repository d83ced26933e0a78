package connector

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-co-op/gocron/v2"

	"github.com/refsync/refsync/store"
)

// SyncBuffer is a log destination safe for other goroutines (the
// scheduler's, the emulator's request log); exported for connector_test too.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *SyncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// TestChangeLogIsPrunedOnSchedule: the job serve schedules prunes the
// referral change log of the database and says how many rows went.
func TestChangeLogIsPrunedOnSchedule(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "prune.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ref := &store.Referral{FirstName: "Ann", LastName: "Lind", Email: "ann@x.io"}
	if err := db.CreateReferral(ctx, ref, "test"); err != nil {
		t.Fatal(err)
	}
	for _, company := range []string{"A", "B", "C"} { // three changes of one referral: two rows redundant
		if _, err := db.W.ExecContext(ctx, `UPDATE referrals SET company = ? WHERE id = ?`, company, ref.ID); err != nil {
			t.Fatal(err)
		}
	}
	var logs SyncBuffer
	r, err := New(Options{Sink: db, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer func(every time.Duration) { pruneChangesEvery = every }(pruneChangesEvery)
	pruneChangesEvery = 20 * time.Millisecond
	s, err := gocron.NewScheduler()
	if err != nil {
		t.Fatal(err)
	}
	if err := r.schedulePruneChanges(s, ctx); err != nil {
		t.Fatal(err)
	}
	s.Start()
	defer s.Shutdown()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(logs.String(), "pruned the referral change log") {
		if time.Now().After(deadline) {
			t.Fatalf("no prune logged in 5 s; log:\n%s", logs.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	var rows int
	if err := db.R.QueryRowContext(ctx, `SELECT count(*) FROM referral_changes`).Scan(&rows); err != nil || rows != 1 {
		t.Errorf("change log rows after the prune = %d, %v; want 1", rows, err)
	}
	if !strings.Contains(logs.String(), "rows=2") {
		t.Errorf("log does not say two rows went:\n%s", logs.String())
	}
}
