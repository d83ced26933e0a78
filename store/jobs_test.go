package store

import (
	"context"
	"database/sql"
	"testing"
	"time"
)

func TestJobsLeaseRetryAndRequeue(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	db.SetClock(func() time.Time { return now })
	for _, ref := range []string{"a", "b", "a"} { // a queued twice is one job
		if err := db.EnqueueJob(ctx, JobSFPush, ref); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name    string
		advance time.Duration
		act     func(jobs []*Job)
		want    int
	}{
		{"both due", 0, nil, 2},
		{"leased, nothing due", time.Minute, nil, 0},
		{"lease ran out: worker died", 10 * time.Minute, func(jobs []*Job) {
			if err := db.RetryJobs(ctx, []int64{jobs[0].ID}, time.Hour, "503"); err != nil {
				t.Fatal(err)
			}
			finish(t, db, jobs[1].ID, "")
		}, 2},
		{"retry waits for its backoff", time.Minute, nil, 0},
		{"retry due", time.Hour, func(jobs []*Job) { finish(t, db, jobs[0].ID, "DUPLICATES_DETECTED") }, 1},
		{"done and failed stay put", 2 * time.Hour, nil, 0},
	}
	for _, s := range steps {
		now = now.Add(s.advance)
		jobs, err := db.ClaimJobs(ctx, JobSFPush, 10, 5*time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if len(jobs) != s.want {
			t.Fatalf("%s: claimed %d, want %d", s.name, len(jobs), s.want)
		}
		if s.act != nil {
			s.act(jobs)
		}
	}
	counts, _ := db.CountJobs(ctx, JobSFPush)
	if counts[JobDone] != 1 || counts[JobFailed] != 1 {
		t.Fatalf("counts = %v", counts)
	}
	if err := db.EnqueueJob(ctx, JobSFPush, "a"); err != nil { // a failed job is queued again
		t.Fatal(err)
	}
	if j, _ := db.JobByRef(ctx, JobSFPush, "a"); j.State != JobPending || j.Attempts != 0 {
		t.Fatalf("requeued job = %+v", j)
	}
}

func finish(t *testing.T, db *DB, id int64, errMsg string) {
	t.Helper()
	if err := db.Tx(context.Background(), func(tx *sql.Tx) error { return db.FinishJobTx(context.Background(), tx, id, errMsg) }); err != nil {
		t.Fatal(err)
	}
}
