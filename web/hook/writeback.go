package hook

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/salesforce"
	"github.com/refsync/refsync/store"
)

// Updater writes fields on Salesforce records (*salesforce.Client satisfies it).
type Updater interface {
	UpdateMany(ctx context.Context, object string, records []map[string]any, allOrNone bool) ([]salesforce.SaveResult, error)
}

// Writeback writes each referral's status, when it changes, onto its linked
// Salesforce records as its program's push status_targets say, through
// durable sf_status jobs retried with backoff like pushes.
type Writeback struct {
	DB          *store.DB
	SF          Updater
	Targets     func(ctx context.Context, program int64) ([]config.StatusTarget, error) // the program's status_targets
	Logger      *slog.Logger
	Interval    time.Duration // Start's pause between runs; default 5s
	BackoffBase time.Duration // first retry delay, doubling; default 30s
	MaxAttempts int           // default 12
}

func (w *Writeback) defaults() {
	if w.Logger == nil {
		w.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if w.Interval <= 0 {
		w.Interval = 5 * time.Second
	}
	if w.BackoffBase <= 0 {
		w.BackoffBase = 30 * time.Second
	}
	if w.MaxAttempts <= 0 {
		w.MaxAttempts = 12
	}
}

// Start runs RunOnce every Interval until ctx ends.
func (w *Writeback) Start(ctx context.Context) {
	w.defaults()
	t := time.NewTicker(w.Interval)
	defer t.Stop()
	for {
		if _, err := w.RunOnce(ctx); err != nil && ctx.Err() == nil {
			w.Logger.Warn("status write-back", slog.String("error", err.Error()))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RunOnce queues the status changes recorded since the last run and writes
// the due ones, returning how many referrals it handled.
func (w *Writeback) RunOnce(ctx context.Context) (int, error) {
	w.defaults()
	if _, err := w.DB.QueueStatusWritebacks(ctx, 1000); err != nil {
		return 0, err
	}
	jobs, err := w.DB.ClaimStatusWritebacks(ctx, 200, 10*time.Minute)
	if err != nil || len(jobs) == 0 {
		return 0, err
	}
	var errs []error
	for _, j := range jobs {
		err := w.write(ctx, j)
		switch {
		case err == nil:
			errs = append(errs, w.DB.FinishStatusWriteback(ctx, j.JobID, ""))
		case j.Attempts >= w.MaxAttempts:
			errs = append(errs, w.DB.FinishStatusWriteback(ctx, j.JobID, fmt.Sprintf("gave up after %d attempts: %v", j.Attempts, err)))
		default:
			delay := w.BackoffBase << min(j.Attempts-1, 10)
			errs = append(errs, err, w.DB.RetryJobs(ctx, []int64{j.JobID}, delay, err.Error()))
		}
	}
	return len(jobs), errors.Join(errs...)
}

// write puts one referral's status on each of its linked records that a status target names.
func (w *Writeback) write(ctx context.Context, j store.StatusWriteback) error {
	targets, err := w.Targets(ctx, j.Referral.ProgramID)
	if err != nil || len(targets) == 0 {
		return err
	}
	for _, t := range targets {
		var recs []map[string]any
		for _, l := range j.Links {
			if l.Object != t.Object {
				continue
			}
			rec := map[string]any{"Id": l.RecordID, t.Field: j.Referral.Status}
			if t.ChangedField != "" {
				if at, err := time.Parse(store.TimeFormat, j.ChangedAt); err == nil {
					rec[t.ChangedField] = at.UTC().Format("2006-01-02T15:04:05.000Z")
				}
			}
			recs = append(recs, rec)
		}
		if len(recs) == 0 {
			continue
		}
		res, err := w.SF.UpdateMany(ctx, t.Object, recs, false)
		if err != nil {
			return fmt.Errorf("hook: write status of %s to %s: %w", j.Referral.ID, t.Object, err)
		}
		for i, r := range res {
			if err := r.Err(); err != nil {
				return fmt.Errorf("hook: write status of %s to %s %v: %w", j.Referral.ID, t.Object, recs[i]["Id"], err)
			}
		}
	}
	return nil
}
