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
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/backoff"
	"github.com/refsync/refsync/connector/outbound"
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
	outbound.Queue
	// LoadPushes returns the claimed push jobs with their referrals; jobs
	// whose referral is gone are finished as failed and left out.
	LoadPushes(ctx context.Context, jobs []outbound.Job) ([]Item, error)
	// MarkSending records that a create call for these referrals is about to be made.
	MarkSending(ctx context.Context, referralIDs []string) error
	// FinishPushes records outcomes and ends their jobs, in one transaction.
	FinishPushes(ctx context.Context, outs []Outcome) error
}

// Salesforce is the part of *salesforce.Client push uses.
type Salesforce interface {
	Query(ctx context.Context, soql string, fn func(salesforce.Page) error) error
	CreateMany(ctx context.Context, object string, records []map[string]any, allOrNone bool) ([]salesforce.SaveResult, error)
	UpdateMany(ctx context.Context, object string, records []map[string]any, allOrNone bool) ([]salesforce.SaveResult, error)
}

var _ Salesforce = (*salesforce.Client)(nil)

// Kind is the job kind of a push in the queue.
const Kind = "sf_push"

// Worker pushes referrals: the sf_push kind of the outbound runner. Store,
// SF and Rules are required.
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
	Lease        time.Duration // how long a claimed job is ours before another worker may take it; default (the lane's) 10m
	MaxAttempts  int           // attempts before a job fails for good; default (the lane's) 12, about a day with the backoff
	BackoffBase  time.Duration // first retry delay, doubling each attempt; default 30s
	BackoffMax   time.Duration // default 4h
	URIBudget    int           // longest query URL in bytes (Salesforce allows 16,384 with headers); default 14000
	SOQLBudget   int           // longest SOQL statement sent through a MultiQuerier (Salesforce allows 100,000); default 60000
	Interval     time.Duration // Start's pause between runs when idle; default (the lane's) 5s
	Now          func() time.Time

	laneOnce sync.Once
	lane     *outbound.Lane
}

var (
	_ outbound.Kind   = (*Worker)(nil)
	_ outbound.Failer = (*Worker)(nil)
	_ outbound.Gate   = (*Worker)(nil)
)

// Lane is the worker's lane on the outbound runner (claim, lease, retry, loop).
func (w *Worker) Lane() *outbound.Lane {
	w.laneOnce.Do(func() {
		w.defaults()
		w.lane = &outbound.Lane{Queue: w.Store, Kind: w, Logger: w.Logger, Batch: w.Batch, Lease: w.Lease,
			Backoff: w.policy(), MaxAttempts: w.MaxAttempts, Interval: w.Interval, Now: w.Now}
	})
	return w.lane
}

// Name is the push's job kind.
func (w *Worker) Name() string { return Kind }

// Wake makes a running Start look for jobs now instead of after its pause
// (the API calls it after queuing a push). It never blocks.
func (w *Worker) Wake() { w.Lane().Wake() }

// Start runs the worker's lane until ctx ends (see outbound.Lane.Start).
func (w *Worker) Start(ctx context.Context) { w.Lane().Start(ctx) }

// RunOnce pushes one batch of due jobs, returning how many it handled. With
// the push object off ("") it leaves the jobs queued. Failed Salesforce calls
// and transient per-record refusals (UNABLE_TO_LOCK_ROW, …) put the jobs back
// with backoff; other per-record refusals (e.g. DUPLICATES_DETECTED) are
// recorded on the referral and not retried.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	return w.Lane().RunOnce(ctx)
}

func (w *Worker) defaults() {
	if w.Logger == nil {
		w.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if w.Batch <= 0 {
		w.Batch = 2000
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
	if w.Now == nil {
		w.Now = time.Now
	}
}

// policy is the push's retry schedule: BackoffBase doubling to BackoffMax.
func (w *Worker) policy() backoff.Policy {
	return backoff.Policy{Base: w.BackoffBase, Max: w.BackoffMax}
}

// backoff is the delay before attempt+1: BackoffBase·2^(attempt−1), capped.
func (w *Worker) backoff(attempt int) time.Duration { return w.policy().Delay(attempt) }
