package push

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/backoff"
	"github.com/refsync/refsync/connector/outbound"
	"github.com/refsync/refsync/connector/salesforce"
)

// StatusKind is the job kind of a status write-back in the queue.
const StatusKind = "sf_status"

// Updater writes fields on Salesforce records (*salesforce.Client satisfies it).
type Updater interface {
	UpdateMany(ctx context.Context, object string, records []map[string]any, allOrNone bool) ([]salesforce.SaveResult, error)
}

// StatusStore is the job queue and what write-back reads; *store.DB satisfies it.
type StatusStore interface {
	outbound.Queue
	// QueueStatusWritebacks turns status changes recorded since the last call into jobs, one per referral.
	QueueStatusWritebacks(ctx context.Context, limit int) (int, error)
	// StatusWritebacksEach calls fn for each referral of refs that exists,
	// with its program, status, when that status was set and its live links
	// as (object, record id) pairs.
	StatusWritebacksEach(ctx context.Context, refs []string, fn func(ref string, program int64, status, changedAt string, links [][2]string)) error
	// FinishJobs ends running jobs as done.
	FinishJobs(ctx context.Context, ids []int64) error
}

// Writeback writes each referral's status, when it changes, onto its linked
// Salesforce records as its program's push status_targets say: the sf_status
// kind of the outbound runner, up to 200 records per call across referrals.
type Writeback struct {
	Store       StatusStore
	SF          Updater
	Targets     func(ctx context.Context, program int64) ([]config.StatusTarget, error) // the program's status_targets
	Logger      *slog.Logger
	Interval    time.Duration // Start's pause between runs; default 5s
	BackoffBase time.Duration // first retry delay, doubling; default 30s
	MaxAttempts int           // default 12
	Batch       int           // referrals per run; default 2000

	lane *outbound.Lane
}

var (
	_ outbound.Kind     = (*Writeback)(nil)
	_ outbound.Producer = (*Writeback)(nil)
)

// Name is write-back's job kind.
func (w *Writeback) Name() string { return StatusKind }

// Lane is write-back's lane on the outbound runner.
func (w *Writeback) Lane() *outbound.Lane {
	if w.lane == nil {
		if w.Logger == nil {
			w.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
		}
		pol := backoff.Policy{Base: w.BackoffBase, Max: 4 * time.Hour, Jitter: 0.25}
		if pol.Base <= 0 {
			pol.Base = 30 * time.Second
		}
		w.lane = &outbound.Lane{Queue: w.Store, Kind: w, Logger: w.Logger, Interval: w.Interval, Backoff: pol,
			MaxAttempts: w.MaxAttempts, Batch: w.Batch}
		if w.lane.Batch <= 0 {
			w.lane.Batch = 2000
		}
	}
	return w.lane
}

// Start runs write-back until ctx ends.
func (w *Writeback) Start(ctx context.Context) { w.Lane().Start(ctx) }

// RunOnce queues the status changes recorded since the last run and writes
// the due ones, returning how many referrals it handled.
func (w *Writeback) RunOnce(ctx context.Context) (int, error) { return w.Lane().RunOnce(ctx) }

// Produce queues the status changes recorded since the last run, one job per referral.
func (w *Writeback) Produce(ctx context.Context) error {
	for {
		n, err := w.Store.QueueStatusWritebacks(ctx, 10000)
		if err != nil || n == 0 {
			return err
		}
	}
}

// pending is one record write and the job it belongs to.
type pending struct {
	job int64
	rec map[string]any
}

// Send writes the claimed referrals' statuses, grouped by object, in calls of
// up to 200 records; a job is done when every one of its records was written.
func (w *Writeback) Send(ctx context.Context, jobs []outbound.Job) (map[int64]error, error) {
	byRef := map[string]int64{}
	for _, j := range jobs {
		byRef[j.Ref] = j.ID
	}
	errs := map[int64]error{}
	byObject := map[string][]pending{}
	var objects []string
	seen := map[int64]bool{}
	err := w.Store.StatusWritebacksEach(ctx, keys(byRef), func(ref string, program int64, status, changedAt string, links [][2]string) {
		job := byRef[ref]
		seen[job] = true
		targets, err := w.Targets(ctx, program)
		if err != nil {
			errs[job] = err
			return
		}
		for _, t := range targets {
			for _, l := range links {
				if l[0] != t.Object {
					continue
				}
				rec := map[string]any{"Id": l[1], t.Field: status}
				if at, err := time.Parse(time.RFC3339Nano, changedAt); t.ChangedField != "" && err == nil {
					rec[t.ChangedField] = at.UTC().Format("2006-01-02T15:04:05.000Z")
				}
				if _, ok := byObject[t.Object]; !ok {
					objects = append(objects, t.Object)
				}
				byObject[t.Object] = append(byObject[t.Object], pending{job, rec})
			}
		}
	})
	if err != nil {
		return nil, err
	}
	var gone []int64
	for _, j := range jobs {
		if !seen[j.ID] {
			gone = append(gone, j.ID)
		}
	}
	var report []error
	if len(gone) > 0 {
		report = append(report, w.Store.FailJobs(ctx, gone, "the referral no longer exists"))
	}
	for _, obj := range objects {
		report = append(report, w.write(ctx, obj, byObject[obj], errs))
	}
	var done []int64
	for _, j := range jobs {
		if seen[j.ID] && errs[j.ID] == nil {
			done = append(done, j.ID)
		}
	}
	return errs, errors.Join(append(report, w.Store.FinishJobs(ctx, done))...)
}

// write sends one object's records and notes each refused record's error on its job.
func (w *Writeback) write(ctx context.Context, object string, ps []pending, errs map[int64]error) error {
	recs := make([]map[string]any, len(ps))
	for i, p := range ps {
		recs[i] = p.rec
	}
	res, err := w.SF.UpdateMany(ctx, object, recs, false)
	for i, r := range res {
		if e := r.Err(); e != nil && errs[ps[i].job] == nil {
			errs[ps[i].job] = outbound.Record(fmt.Errorf("write status to %s %v: %w", object, recs[i]["Id"], e))
		}
	}
	if err != nil {
		err = fmt.Errorf("push: write status to %s: %w", object, err)
		for _, p := range ps[len(res):] {
			errs[p.job] = err
		}
		return err
	}
	for _, e := range errs {
		if e != nil {
			return e // the test and the log hear of a refusal; the job is retried or failed by the runner
		}
	}
	return nil
}

func keys(m map[string]int64) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
