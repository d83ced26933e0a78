package store

import (
	"context"
	"errors"
	"testing"

	"github.com/refsync/refsync/matching"
)

// A replay job queues each entry once per settings version, refuses entries
// of another program, and marks an entry done only once.
func TestReplayJobQueuesEachEntryOncePerVersion(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	other, err := db.CreateProgram(ctx, "Partners", "x")
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for i, program := range []int64{DefaultProgram, DefaultProgram, other.ID} {
		e := &matching.Entry{ProgramID: program, Object: "Lead", RecordID: "00Q" + string(rune('A'+i)), Modstamp: "2026-11-01T00:00:00.000Z", Outcome: matching.EntryIgnored}
		if err := db.InsertEntryRx(ctx, e); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.ID)
	}
	v, err := db.SaveSettings(ctx, DefaultProgram, []byte(`{}`), "x")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateReplayJob(ctx, v, ids, "x"); !errors.Is(err, ErrInvalid) {
		t.Fatalf("an entry of another program: %v, want ErrInvalid", err)
	}
	if n, _ := db.PendingReplayJobs(ctx); len(n) != 0 {
		t.Fatalf("the refused job was kept: %v", n)
	}
	job, err := db.CreateReplayJob(ctx, v, ids[:2], "x")
	if err != nil || job.Total != 2 || job.State != "pending" {
		t.Fatalf("job %+v, %v", job, err)
	}
	again, err := db.CreateReplayJob(ctx, v, ids[:2], "x")
	if err != nil || again.Total != 0 || again.State != "done" {
		t.Fatalf("the same entries again: %+v, %v; want nothing queued", again, err)
	}
	pending, _ := db.PendingReplayItems(ctx, job.ID, 10)
	if len(pending) != 2 {
		t.Fatalf("pending items %v", pending)
	}
	if err := db.FinishReplayItemRx(ctx, job.ID, pending[0], "processed"); err != nil {
		t.Fatal(err)
	}
	if err := db.FinishReplayItemRx(ctx, job.ID, pending[0], "processed"); !errors.Is(err, ErrConflict) {
		t.Fatalf("an entry finished twice: %v, want ErrConflict", err)
	}
	if j, _ := db.ReplayJob(ctx, job.ID); j.Done != 1 || j.Outcomes["processed"] != 1 {
		t.Fatalf("progress %+v", j)
	}
}
