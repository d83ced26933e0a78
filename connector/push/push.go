// Package push creates new referrals in Salesforce as Leads or Contacts (SPEC
// "Referral → Salesforce") from the durable job queue: jobs survive restarts,
// failed calls are retried with backoff, many referrals go through
// composite/sobjects in one call per 200, and a referral never gets two
// Salesforce records — before a create call the referrals are marked as being
// sent, and a later attempt on a marked referral first looks its Referral ID up
// in Salesforce, so a crash between the create call and recording the new id
// links the record that was made instead of making another.
package push

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/salesforce"
	"github.com/refsync/refsync/matching"
)

// Salesforce push states of a referral (the same words the store keeps).
const (
	StateSending = "sending"
	StateCreated = "created"
	StateLinked  = "linked"
	StateUpdated = "updated"
	StateDenied  = "denied"
	StateFailed  = "failed"
)

// Member is the referring member as the push maps it.
type Member struct {
	ID, Code, FirstName, LastName, Email, Phone, ExternalID string
}

// Item is one claimed push job with the referral it is about.
type Item struct {
	JobID    int64
	Attempts int // claims so far, this one included
	Referral matching.Referral
	Custom   map[string]string
	Member   *Member // nil when the referral has no member
	SFState  string  // the referral's current push state ("" or "queued" when new)
}

// Outcome is what became of one item; the store records it with the job's end.
type Outcome struct {
	JobID      int64
	ReferralID string
	State      string // StateCreated, StateLinked, StateUpdated, StateDenied or StateFailed
	Error      string // shown on the referral; a failed job is not retried
	Object     string
	RecordID   string
	LinkKind   string // created (refsync made it) or email (it existed)
	Note       string
}

// Store is the job queue and the referral bookkeeping push needs
// (web/api.PushStore adapts *store.DB to it).
type Store interface {
	// ClaimPushes leases up to n due push jobs for lease and returns them with their referrals.
	ClaimPushes(ctx context.Context, n int, lease time.Duration) ([]Item, error)
	// MarkSending records that a create call for these referrals is about to be made.
	MarkSending(ctx context.Context, referralIDs []string) error
	// FinishPushes records outcomes and ends their jobs, in one transaction.
	FinishPushes(ctx context.Context, outs []Outcome) error
	// RetryPushes puts jobs back to pending, due after the delay.
	RetryPushes(ctx context.Context, jobIDs []int64, after time.Duration, errMsg string) error
}

// Salesforce is the part of *salesforce.Client push uses.
type Salesforce interface {
	Query(ctx context.Context, soql string, fn func(salesforce.Page) error) error
	CreateMany(ctx context.Context, object string, records []map[string]any, allOrNone bool) ([]salesforce.SaveResult, error)
	UpdateMany(ctx context.Context, object string, records []map[string]any, allOrNone bool) ([]salesforce.SaveResult, error)
}

var _ Salesforce = (*salesforce.Client)(nil)

// Worker runs push jobs. Store, SF and Rules are required.
type Worker struct {
	Store Store
	SF    Salesforce
	// Rules returns the push rules in force (read on every run, so a saved change applies at once).
	Rules func(ctx context.Context) (config.PushRules, error)
	// ProgramRules, when set, returns a program's push rules: each referral is
	// pushed with its own program's (Rules is then not used).
	ProgramRules func(ctx context.Context, program int64) (config.PushRules, error)
	Logger       *slog.Logger
	Batch        int           // jobs per run; default 2000
	Lease        time.Duration // how long a claimed job is ours before another worker may take it; default 10m
	MaxAttempts  int           // attempts before a job fails for good; default 12 (about a day with the backoff)
	BackoffBase  time.Duration // first retry delay, doubling each attempt; default 30s
	BackoffMax   time.Duration // default 4h
	URIBudget    int           // longest query URL in bytes (Salesforce allows 16,384 with headers); default 14000
	SOQLBudget   int           // longest SOQL statement sent through a MultiQuerier (Salesforce allows 100,000); default 60000
	Interval     time.Duration // Start's pause between runs when idle; default 5s
	Now          func() time.Time

	wakeOnce sync.Once
	wake     chan struct{}
}

// Wake makes a running Start look for jobs now instead of after its pause
// (the API calls it after queuing a push). It never blocks.
func (w *Worker) Wake() {
	select {
	case w.wakeChan() <- struct{}{}:
	default:
	}
}

func (w *Worker) wakeChan() chan struct{} {
	w.wakeOnce.Do(func() { w.wake = make(chan struct{}, 1) })
	return w.wake
}

func (w *Worker) defaults() {
	if w.Logger == nil {
		w.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if w.Batch <= 0 {
		w.Batch = 2000
	}
	if w.Lease <= 0 {
		w.Lease = 10 * time.Minute
	}
	if w.MaxAttempts <= 0 {
		w.MaxAttempts = 12
	}
	if w.BackoffBase <= 0 {
		w.BackoffBase = 30 * time.Second
	}
	if w.BackoffMax <= 0 {
		w.BackoffMax = 4 * time.Hour
	}
	if w.URIBudget <= 0 {
		w.URIBudget = 14000
	}
	if w.SOQLBudget <= 0 {
		w.SOQLBudget = 60000
	}
	if w.Interval <= 0 {
		w.Interval = 5 * time.Second
	}
	if w.Now == nil {
		w.Now = time.Now
	}
}

// Start runs the worker until ctx ends: one run, then again at once while
// runs find work, else after Interval. Errors are logged, never fatal. Call it
// in its own goroutine (`go w.Start(ctx)`); it returns when ctx is done.
func (w *Worker) Start(ctx context.Context) {
	w.defaults()
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-w.wakeChan():
		}
		n, err := w.RunOnce(ctx)
		if err != nil && ctx.Err() == nil {
			w.Logger.Error("push to Salesforce", slog.String("error", err.Error()))
		}
		next := w.Interval
		if n > 0 && err == nil {
			next = 0
		}
		t.Reset(next)
	}
}

// backoff is the delay before attempt+1: BackoffBase·2^(attempt−1), capped.
func (w *Worker) backoff(attempt int) time.Duration {
	d := w.BackoffBase
	for i := 1; i < attempt && d < w.BackoffMax; i++ {
		d *= 2
	}
	return min(d, w.BackoffMax)
}

// retry puts items back with backoff, or fails those out of attempts.
func (w *Worker) retry(ctx context.Context, items []Item, cause error) error {
	var outs []Outcome
	byDelay := map[time.Duration][]int64{}
	for _, it := range items {
		if it.Attempts >= w.MaxAttempts {
			outs = append(outs, Outcome{JobID: it.JobID, ReferralID: it.Referral.ID, State: StateFailed,
				Error: fmt.Sprintf("gave up after %d attempts: %v", it.Attempts, cause)})
			continue
		}
		d := w.backoff(it.Attempts)
		byDelay[d] = append(byDelay[d], it.JobID)
	}
	for d, ids := range byDelay {
		if err := w.Store.RetryPushes(ctx, ids, d, cause.Error()); err != nil {
			return err
		}
	}
	if len(outs) > 0 {
		return w.Store.FinishPushes(ctx, outs)
	}
	return nil
}
