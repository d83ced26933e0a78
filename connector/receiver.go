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
	Index    *matching.Index  // share an index (e.g. with the UI); default a new one, loaded on first use
}

// Receiver receives Salesforce changes and applies them to referrals.
type Receiver struct {
	sink     Sink
	crm      CRM
	settings Settings
	fallback *config.Rules
	interval time.Duration
	log      *slog.Logger
	now      func() time.Time

	ix       *matching.Index
	ixMu     sync.Mutex
	ixLoaded bool
	ixSeq    int64 // the referral change counter the index is in step with

	mu      sync.Mutex
	rules   *config.Rules
	version int64
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
}

// New returns a receiver; it does not touch Salesforce until a sync runs.
func New(o Options) (*Receiver, error) {
	if o.Sink == nil {
		return nil, errors.New("connector: a Sink (the database) is required")
	}
	r := &Receiver{sink: o.Sink, crm: o.CRM, settings: o.Settings, fallback: o.Rules, interval: o.Interval,
		log: o.Logger, now: o.Now, ix: o.Index, objects: map[string]*objectState{}}
	if r.fallback == nil {
		r.fallback = config.DefaultRules()
	}
	if err := r.fallback.Validate(); err != nil {
		return nil, fmt.Errorf("connector: rules: %w", err)
	}
	if r.interval <= 0 {
		r.interval = time.Minute
	}
	if r.log == nil {
		r.log = slog.Default()
	}
	if r.now == nil {
		r.now = time.Now
	}
	if r.ix == nil {
		r.ix = matching.NewIndex()
	}
	return r, nil
}

// Rules returns the rules in force: the newest saved settings, else the fallback.
func (r *Receiver) Rules(ctx context.Context) (*config.Rules, error) {
	if r.settings == nil {
		return r.fallback, nil
	}
	body, version, err := r.settings.CurrentSettings(ctx, 1)
	if err != nil {
		if r.sink.NotFound(err) {
			return r.fallback, nil
		}
		return nil, fmt.Errorf("connector: read settings: %w", err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.rules != nil && r.version == version {
		return r.rules, nil
	}
	rules, err := config.ParseRules(body)
	if err == nil {
		err = rules.Validate()
	}
	if err != nil {
		return nil, fmt.Errorf("connector: settings version %d are not usable (%w); fix them in Settings", version, err)
	}
	r.rules, r.version = rules, version
	return rules, nil
}

// index returns the matcher's index, loading every referral on first use.
// Every call first reads the database's referral change counter (one cheap
// query) and, when another process or command (an import while serve runs)
// changed referrals since, reads just those into the index.
func (r *Receiver) index(ctx context.Context) (*matching.Index, error) {
	r.ixMu.Lock()
	defer r.ixMu.Unlock()
	seq, err := r.sink.ReferralChangeSeq(ctx)
	if err != nil {
		return nil, fmt.Errorf("connector: check for changed referrals: %w", err)
	}
	switch {
	case !r.ixLoaded:
		if err := r.sink.EachReferral(ctx, 1, r.ix.Add); err != nil {
			return nil, fmt.Errorf("connector: load referrals into the matcher: %w", err)
		}
		r.ixLoaded = true
	case seq > r.ixSeq:
		if err := r.sink.EachChangedReferral(ctx, 1, r.ixSeq, r.ix.Add); err != nil {
			return nil, fmt.Errorf("connector: read changed referrals into the matcher: %w", err)
		}
	default:
		return r.ix, nil
	}
	r.ixSeq = seq
	return r.ix, nil
}

// ownChanges tells the index that the change numbers from..to are a pass's own
// writes (already in the index, or read from the database by the pass), so the
// next page does not read them back — unless another writer came between.
func (r *Receiver) ownChanges(from, to int64) {
	r.ixMu.Lock()
	if r.ixSeq == from && to > from {
		r.ixSeq = to
	}
	r.ixMu.Unlock()
}

// ReferralChanged keeps the matcher's index in step when a referral is
// created or edited elsewhere (API, UI, import).
func (r *Receiver) ReferralChanged(ref matching.Referral) { r.ix.Add(ref) }

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
