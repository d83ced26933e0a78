package connector

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/salesforce"
	"github.com/refsync/refsync/matching"
)

// CRM is what the receiver needs of the Salesforce client; *salesforce.Client satisfies it.
type CRM interface {
	QueryAll(ctx context.Context, soql string, fn func(salesforce.Page) error) error
	QueryMore(ctx context.Context, nextRecordsURL string, fn func(salesforce.Page) error) error
	Reconnect(ctx context.Context) error
	State() salesforce.State
	BeginRun(ctx context.Context) (context.Context, *salesforce.Run)
	Limits(ctx context.Context) (salesforce.Limits, error)
}

// Settings reads the admin's saved rules; *store.DB satisfies it.
type Settings interface {
	CurrentSettings(ctx context.Context, programID int64) ([]byte, int64, error)
}

// Options configure a Receiver.
type Options struct {
	Sink     Sink
	CRM      CRM              // nil: review actions and the webhook work, polling does not
	Settings Settings         // nil: Rules (or the defaults) are always in force
	Rules    *config.Rules    // used when no settings were saved; nil: config.DefaultRules()
	Interval time.Duration    // poll interval when the rules set none; default 1m
	Logger   *slog.Logger     // default slog.Default()
	Now      func() time.Time // default time.Now
	Index    *matching.Index  // the default program's index, to share it (e.g. with the UI); default a new one, loaded on first use
	// BulkThreshold: a backfill or wide re-scan of at least this many records
	// runs as a Bulk API 2.0 query job; default DefaultBulkThreshold, < 0 never.
	BulkThreshold int
	BulkPoll      time.Duration // first wait between a bulk job's status polls; default 1s
}

// Receiver receives Salesforce changes and applies them to referrals.
type Receiver struct {
	sink     Sink
	crm      CRM
	settings Settings
	fallback *config.Rules
	interval time.Duration
	log      *slog.Logger

	bulkThreshold int
	bulkPoll      time.Duration
	now           func() time.Time

	ixMu sync.Mutex // serializes loading the programs' indexes

	mu      sync.Mutex
	progs   map[int64]*program // each program's rules in force and matcher index
	objects map[string]*objectState

	schedMu    sync.Mutex // guards sched
	sched      *scheduler
	restarting atomic.Bool
}

// objectState serializes the runs of one object and remembers its failures.
type objectState struct {
	run      sync.Mutex
	failures int
	notUntil time.Time
	counted  bool // a wide window was counted once (bulk.go); later polls are incremental
}

// New returns a receiver; it does not touch Salesforce until a sync runs.
func New(o Options) (*Receiver, error) {
	if o.Sink == nil {
		return nil, errors.New("connector: a Sink (the database) is required")
	}
	r := &Receiver{sink: o.Sink, crm: o.CRM, settings: o.Settings, fallback: o.Rules, interval: o.Interval,
		log: o.Logger, now: o.Now, progs: map[int64]*program{}, objects: map[string]*objectState{}}
	if o.Index != nil {
		r.progs[DefaultProgram] = &program{id: DefaultProgram, ix: o.Index}
	}
	if r.fallback == nil {
		r.fallback = config.DefaultRules()
	}
	if err := r.fallback.Validate(); err != nil {
		return nil, fmt.Errorf("connector: rules: %w", err)
	}
	if r.interval <= 0 {
		r.interval = time.Minute
	}
	if r.bulkThreshold, r.bulkPoll = o.BulkThreshold, o.BulkPoll; r.bulkThreshold == 0 {
		r.bulkThreshold = DefaultBulkThreshold
	}
	if r.log == nil {
		r.log = slog.Default()
	}
	if r.now == nil {
		r.now = time.Now
	}
	return r, nil
}

func (r *Receiver) object(name string) *objectState {
	r.mu.Lock()
	defer r.mu.Unlock()
	st := r.objects[name]
	if st == nil {
		st = &objectState{}
		r.objects[name] = st
	}
	return st
}

// recordConnection stores the client's connection state for the dashboard.
func (r *Receiver) recordConnection(ctx context.Context) {
	if r.crm == nil {
		return
	}
	st := r.crm.State()
	if st.Status == "" {
		return
	}
	last := ""
	if !st.LastConnected.IsZero() {
		last = st.LastConnected.UTC().Format(time.RFC3339)
	}
	if err := r.sink.SetConnectionState(ctx, string(st.Status), last, st.LastError, st.Usage.Used, st.Usage.Max); err != nil {
		r.log.Warn("record connection state", slog.Any("err", err))
	}
}

// OnStateChange records a connection state change; wire it into
// salesforce.Config.OnStateChange.
func (r *Receiver) OnStateChange(salesforce.State) { r.recordConnection(context.Background()) }

// Reconnect logs in to Salesforce again (the admin's one action after a
// revoked token) and, when the scheduler runs, polls every object at once.
func (r *Receiver) Reconnect(ctx context.Context) error {
	if r.crm == nil {
		return fmt.Errorf("%w: no Salesforce connection is configured", ErrInvalid)
	}
	err := r.crm.Reconnect(ctx)
	r.recordConnection(ctx)
	if err != nil {
		return fmt.Errorf("connector: reconnect: %w", err)
	}
	r.mu.Lock()
	for _, st := range r.objects {
		st.failures, st.notUntil = 0, time.Time{}
	}
	r.mu.Unlock()
	r.schedMu.Lock()
	if r.sched != nil {
		r.sched.runAll()
	}
	r.schedMu.Unlock()
	return nil
}
