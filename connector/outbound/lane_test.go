package outbound_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/refsync/refsync/connector/backoff"
	"github.com/refsync/refsync/connector/outbound"
	"github.com/refsync/refsync/store"
)

// flaky is a kind whose jobs fail as their ref says: transiently, for good,
// or not tried because the first job failed.
type flaky struct {
	closed bool // Gate: not ready
	tried  map[string]int
	first  int64 // the first job of the batch, which the others wait for
}

func (f *flaky) Name() string                        { return "test" }
func (f *flaky) Ready(context.Context) (bool, error) { return !f.closed, nil }
func (f *flaky) Send(_ context.Context, jobs []outbound.Job) (map[int64]error, error) {
	errs := map[int64]error{}
	for _, j := range jobs {
		f.tried[j.Ref]++
		switch {
		case strings.HasPrefix(j.Ref, "transient"):
			errs[j.ID] = errors.New("salesforce: unavailable")
		case strings.HasPrefix(j.Ref, "permanent"):
			errs[j.ID] = outbound.Permanent(errors.New("the receiver refuses this event"))
		case strings.HasPrefix(j.Ref, "wait"):
			errs[j.ID] = outbound.WaitFor(f.first)
		}
	}
	return errs, nil
}

func TestLaneRetriesGivesUpAndWaits(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "lane.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	db.SetClock(func() time.Time { return now })
	for _, ref := range []string{"transient", "permanent", "wait"} {
		if err := db.EnqueueJob(ctx, "test", ref); err != nil {
			t.Fatal(err)
		}
	}
	k := &flaky{closed: true, tried: map[string]int{}}
	l := &outbound.Lane{Queue: db, Kind: k, MaxAttempts: 3, Now: func() time.Time { return now },
		Backoff: backoff.Policy{Base: time.Minute, Max: time.Hour}}
	if n, err := l.RunOnce(ctx); n != 0 || err != nil || len(k.tried) != 0 {
		t.Fatalf("closed gate: ran %d jobs (%v), tried %v; want none touched", n, err, k.tried)
	}
	k.closed = false
	first, _ := db.JobByRef(ctx, "test", "transient")
	k.first = first.ID
	for run := 1; run <= 3; run++ {
		if _, err := l.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		now = now.Add(time.Duration(1<<(run-1)) * time.Minute)
	}
	j, _ := db.JobByRef(ctx, "test", "transient")
	if j.State != store.JobFailed || j.Attempts != 3 || !strings.Contains(j.LastError, "gave up after 3 attempts: salesforce: unavailable") {
		t.Fatalf("transient job = %+v; want given up after 3 attempts, in words", j)
	}
	p, _ := db.JobByRef(ctx, "test", "permanent")
	if p.State != store.JobFailed || k.tried["permanent"] != 1 || p.LastError != "the receiver refuses this event" {
		t.Fatalf("permanent job = %+v, tried %d; want failed at once", p, k.tried["permanent"])
	}
	w, _ := db.JobByRef(ctx, "test", "wait")
	if w.State != store.JobPending || w.Attempts != 0 || k.tried["wait"] != 3 {
		t.Fatalf("waiting job = %+v, tried %d; want pending with no attempt counted", w, k.tried["wait"])
	}
}
