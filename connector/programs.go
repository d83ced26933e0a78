package connector

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/matching"
)

// DefaultProgram is the program every install starts with (store.DefaultProgram).
const DefaultProgram int64 = 1

// ProgramLister lists the programs whose rules the receiver evaluates (the
// ones not archived); *store.DB satisfies it. A Settings without it has only
// the default program.
type ProgramLister interface {
	ActivePrograms(ctx context.Context) ([]int64, error)
}

// program is one program's rules in force and its own matcher index: a record
// is matched only against the referrals of the program whose rules are applied.
type program struct {
	id      int64
	rules   *config.Rules
	version int64
	ix      *matching.Index
	seq     int64        // the referral change counter ix is in step with
	ready   atomic.Bool  // ix holds every referral of the program (read without ixMu by lookAhead)
	epoch   atomic.Int64 // counts the changes made to ix: a match made ahead at another count may be stale
}

// ruleSet is every active program's rules, and what polling needs of them
// together: each object once, with the fields of every program.
type ruleSet struct {
	progs  []*program
	merged *config.Rules
}

// concerned returns the programs whose rules watch object.
func (s *ruleSet) concerned(object string) []*program {
	var out []*program
	for _, p := range s.progs {
		if slices.Contains(p.rules.Objects, object) {
			out = append(out, p)
		}
	}
	return out
}

// prog returns the receiver's state of a program (created empty on first use).
func (r *Receiver) prog(id int64) *program {
	if id == 0 {
		id = DefaultProgram
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	p := r.progs[id]
	if p == nil {
		p = &program{id: id, ix: matching.NewIndex()}
		r.progs[id] = p
	}
	return p
}

// Rules returns the default program's rules in force: its newest saved
// settings, else the fallback.
func (r *Receiver) Rules(ctx context.Context) (*config.Rules, error) {
	return r.ProgramRules(ctx, DefaultProgram)
}

// ProgramRules returns a program's rules in force: its newest saved settings,
// else the fallback (a new program starts with the defaults).
func (r *Receiver) ProgramRules(ctx context.Context, id int64) (*config.Rules, error) {
	p := r.prog(id)
	if r.settings == nil {
		return r.fallback, nil
	}
	body, version, err := r.settings.CurrentSettings(ctx, p.id)
	if err != nil {
		if r.sink.NotFound(err) {
			return r.fallback, nil
		}
		return nil, fmt.Errorf("connector: read settings of program %d: %w", p.id, err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if p.rules != nil && p.version == version {
		return p.rules, nil
	}
	rules, err := config.ParseRules(body)
	if err == nil {
		err = rules.Validate()
	}
	if err != nil {
		return nil, fmt.Errorf("connector: settings version %d of program %d are not usable (%w); fix them in Settings", version, p.id, err)
	}
	p.rules, p.version = rules, version
	return rules, nil
}

// ruleSet reads the rules of every active program.
func (r *Receiver) ruleSet(ctx context.Context) (*ruleSet, error) {
	ids := []int64{DefaultProgram}
	if l, ok := r.settings.(ProgramLister); ok {
		var err error
		if ids, err = l.ActivePrograms(ctx); err != nil {
			return nil, fmt.Errorf("connector: list programs: %w", err)
		}
	}
	set := &ruleSet{}
	for _, id := range ids {
		rules, err := r.ProgramRules(ctx, id)
		if err != nil {
			return nil, err
		}
		set.progs = append(set.progs, &program{id: id, rules: rules, ix: r.prog(id).ix})
	}
	set.merged = mergeRules(set.progs)
	return set, nil
}

// mergeRules is what polling reads for all programs at once: every watched
// object once (in the order first named), every field any program reads, the
// longest lookback, the shortest poll interval and the earliest backfill
// date; the objects paused are the default program's.
func mergeRules(progs []*program) *config.Rules {
	m := &config.Rules{}
	if len(progs) == 0 {
		return config.DefaultRules()
	}
	first := time.Time{}
	for i, p := range progs {
		r := p.rules
		for _, o := range r.Objects {
			if !slices.Contains(m.Objects, o) {
				m.Objects = append(m.Objects, o)
			}
		}
		m.Events = append(m.Events, r.Events...)
		m.Mappings = append(m.Mappings, r.Mappings...)
		m.DirectFields = append(m.DirectFields, r.DirectFields...)
		m.MemberFields = append(m.MemberFields, r.MemberFields...)
		m.FuzzyFields = append(m.FuzzyFields, r.FuzzyFields...)
		m.Lookback = max(m.Lookback, r.Lookback)
		if d := r.PollInterval; d > 0 && (m.PollInterval == 0 || d < m.PollInterval) {
			m.PollInterval = d
		}
		if b, err := r.BackfillTime(); err == nil && !b.IsZero() && (first.IsZero() || b.Before(first)) {
			first, m.Backfill = b, r.Backfill
		}
		if i == 0 { // pausing an object's polling is done on the dashboard, in the default program's settings
			m.Format, m.Process, m.Thresholds, m.Push, m.Paused = r.Format, r.Process, r.Thresholds, r.Push, r.Paused
		}
	}
	return m
}

// index returns a program's matcher index, loading its referrals on first
// use. Every call first reads the database's referral change counter (one
// cheap query) and, when another process or command (an import while serve
// runs) changed referrals since, reads just the program's changed ones.
func (r *Receiver) index(ctx context.Context, id int64) (*matching.Index, error) {
	p := r.prog(id)
	r.ixMu.Lock()
	defer r.ixMu.Unlock()
	seq, err := r.sink.ReferralChangeSeq(ctx)
	if err != nil {
		return nil, fmt.Errorf("connector: check for changed referrals: %w", err)
	}
	switch {
	case !p.ready.Load():
		if c, ok := r.sink.(referralCounter); ok {
			if n, err := c.CountReferrals(ctx, p.id); err == nil {
				p.ix.Grow(n)
			}
		}
		each := func(ctx context.Context, fn func(matching.Referral)) error { return r.sink.EachReferral(ctx, p.id, fn) }
		if err := loadIndex(ctx, each, p.ix); err != nil {
			return nil, fmt.Errorf("connector: load the referrals of program %d into the matcher: %w", p.id, err)
		}
		p.ready.Store(true) // no match is begun ahead before this: the epoch needs no step
	case seq > p.seq:
		err := r.sink.EachChangedReferral(ctx, p.id, p.seq, p.ix.Add)
		p.epoch.Add(1) // even a read that failed half-way changed ix
		if err != nil {
			return nil, fmt.Errorf("connector: read the changed referrals of program %d into the matcher: %w", p.id, err)
		}
	default:
		return p.ix, nil
	}
	p.seq = seq
	return p.ix, nil
}

// ownChanges tells the indexes that the change numbers from..to are a pass's
// own writes (already in the index, or read from the database by the pass),
// so the next page does not read them back — unless another writer came
// between. Every program may skip them: a pass writes only its program's referrals.
func (r *Receiver) ownChanges(from, to int64) {
	r.mu.Lock()
	progs := make([]*program, 0, len(r.progs))
	for _, p := range r.progs {
		progs = append(progs, p)
	}
	r.mu.Unlock()
	r.ixMu.Lock()
	defer r.ixMu.Unlock()
	for _, p := range progs {
		if p.ready.Load() && p.seq == from && to > from {
			p.seq = to
		}
	}
}

// ReferralChanged keeps the matcher's index of the referral's program in
// step when a referral is created or edited elsewhere (API, UI, import).
func (r *Receiver) ReferralChanged(ref matching.Referral) {
	p := r.prog(ref.ProgramID)
	p.ix.Add(ref)
	p.epoch.Add(1) // after the change: a match begun before it is stale
}
