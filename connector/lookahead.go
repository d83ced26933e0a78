package connector

import (
	"context"
	"reflect"
	"runtime"
	"strings"
	"sync/atomic"

	"github.com/refsync/refsync/matching"
)

// A page's fuzzy matches are worked out in the background while the page's
// transaction writes, so the matcher and the database work side by side
// instead of in turn. The guesses only save time: the pipeline asks for an
// entry's fuzzy match where it always did, and gets the guess made for the
// same snapshot against the same index, or matches itself — when the guess is
// not started yet, was skipped, or the pass changed its index meanwhile (a
// vanished referral). The matcher's Index is safe for concurrent use.

// guess is one entry's fuzzy match, made ahead.
type guess struct {
	snap  map[string]any      // the snapshot it was made from
	epoch int64               // the index's change count when the match began
	full  matching.SalesEntry // the entry's fields as the rules read them (set before state leaves guessNew)
	se    matching.SalesEntry
	d     matching.Decision
	state atomic.Int32 // guessNew → guessRunning → guessDone, or guessNew → guessTaken or guessSkipped
	ready chan struct{}
}

const (
	guessNew int32 = iota
	guessRunning
	guessDone
	guessTaken   // the pipeline matched itself: the worker skips it
	guessSkipped // the worker made no guess (guessNew → guessSkipped)
)

// lookahead is the guesses of one pass over one page.
type lookahead struct {
	byKey map[[2]string]*guess // by record id and SystemModstamp
	stop  atomic.Bool
	epoch *atomic.Int64 // the program's index change count (program.epoch)
}

// startLookahead begins matching, in one background goroutine and in page
// order, the entries the pass will likely match fuzzily: those no Referral ID
// names and no link (as the read pool sees it before the transaction) ties to
// a referral. The goroutine also works out which those are, so the page's
// transaction starts at once. Call end when the page is done.
func (ps *pass) startLookahead(ctx context.Context, entries []*matching.Entry, linkIDs []string) *lookahead {
	la := &lookahead{byKey: make(map[[2]string]*guess, len(entries)), epoch: &ps.r.prog(ps.program).epoch}
	if runtime.GOMAXPROCS(0) < 2 {
		return la // one processor: nothing to gain
	}
	order := make([]*guess, len(entries))
	for i, e := range entries {
		order[i] = &guess{snap: e.Snapshot, ready: make(chan struct{})}
		la.byKey[[2]string{e.RecordID, e.Modstamp}] = order[i]
	}
	ix, th := ps.ix, ps.thresholds()
	go func() {
		links, _, err := ps.r.sink.LinkedRecordsRx(ctx, ps.program, linkIDs)
		for i, g := range order {
			if la.stop.Load() || ctx.Err() != nil {
				return
			}
			e := entries[i]
			se := salesEntry(ps.rules, e.Object, e.Snapshot)
			g.full = se
			if err != nil || !ps.mayMatchFuzzily(e, se, links) {
				g.state.CompareAndSwap(guessNew, guessSkipped) // no guess: the pipeline matches as ever
				continue
			}
			se.SalesforceIDs = nil
			g.se = se
			if !g.state.CompareAndSwap(guessNew, guessRunning) {
				continue
			}
			g.epoch = la.epoch.Load()
			g.d = ix.Match(g.se, th)
			g.state.Store(guessDone)
			close(g.ready)
		}
	}()
	return la
}

// mayMatchFuzzily says whether the pipeline will likely reach the fuzzy
// matcher for e (the previous snapshot unknown: as if first seen).
func (ps *pass) mayMatchFuzzily(e *matching.Entry, se matching.SalesEntry, links map[string]string) bool {
	if deleted, _ := e.Snapshot["IsDeleted"].(bool); deleted {
		return false
	}
	if _, ok := ps.direct(se); ok {
		return false
	}
	if _, ok := links[e.RecordID]; ok {
		return false
	}
	for _, id := range relatedIDs(e.Snapshot) {
		if _, ok := links[id]; ok {
			return false
		}
	}
	if firedEvent(ps.rules, e.Object, nil, e.Snapshot) != nil || len(updates(ps.rules, e.Object, e.Snapshot)) > 0 {
		return true
	}
	for _, f := range ps.rules.MemberFields {
		if f.Object == e.Object && strings.TrimSpace(valueString(getField(e.Snapshot, f.Field))) != "" {
			return true
		}
	}
	return false
}

// take returns the guess made for e's fuzzy match of se, waiting for it when
// the worker is on it; ok is false when there is none to use.
func (la *lookahead) take(e *matching.Entry, se matching.SalesEntry) (matching.Decision, bool) {
	if la == nil {
		return matching.Decision{}, false
	}
	g := la.byKey[[2]string{e.RecordID, e.Modstamp}]
	if g == nil || !sameMap(g.snap, e.Snapshot) {
		return matching.Decision{}, false
	}
	if g.state.CompareAndSwap(guessNew, guessTaken) {
		return matching.Decision{}, false // not started: quicker to match here
	}
	if st := g.state.Load(); st == guessSkipped || st == guessTaken {
		return matching.Decision{}, false // no guess, or already asked for: match here
	}
	<-g.ready // running or done (never taken: only the pipeline takes); g.se was set before
	// The index changed since the match began, or the fields differ: match here.
	if g.epoch != la.epoch.Load() || !sameEntry(g.se, se) {
		return matching.Decision{}, false
	}
	return g.d, true
}

// salesEntry returns the fields of e as the pass's rules read them, when the
// worker worked them out already (the same function of the same snapshot).
func (la *lookahead) salesEntry(e *matching.Entry) (matching.SalesEntry, bool) {
	if la == nil {
		return matching.SalesEntry{}, false
	}
	g := la.byKey[[2]string{e.RecordID, e.Modstamp}]
	if g == nil || !sameMap(g.snap, e.Snapshot) {
		return matching.SalesEntry{}, false
	}
	if st := g.state.Load(); st == guessNew || st == guessTaken {
		return matching.SalesEntry{}, false
	}
	return g.full, true
}

// end stops the worker (the page is stored or abandoned).
func (la *lookahead) end() {
	if la != nil {
		la.stop.Store(true)
	}
}

func sameMap(a, b map[string]any) bool {
	return a != nil && b != nil && reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
}

// sameEntry compares two sales entries but for their Salesforce ids.
func sameEntry(a, b matching.SalesEntry) bool {
	a.SalesforceIDs, b.SalesforceIDs = nil, nil
	return reflect.DeepEqual(a, b)
}

// snapshotEncoder is a Sink that can encode a page's snapshots in the
// background while the page's transaction writes (*store.DB can).
type snapshotEncoder interface {
	EncodeSnapshotsAhead(ctx context.Context, snaps []map[string]any) (context.Context, func())
}

// encodeAhead returns the context for the page's transaction: with its
// snapshots encoded in the background, when the Sink can and there is a
// second processor. Call stop when the page is done.
func (r *Receiver) encodeAhead(ctx context.Context, entries []*matching.Entry) (_ context.Context, stop func()) {
	enc, ok := r.sink.(snapshotEncoder)
	if !ok || runtime.GOMAXPROCS(0) < 2 {
		return ctx, func() {}
	}
	snaps := make([]map[string]any, len(entries))
	for i, e := range entries {
		snaps[i] = e.Snapshot
	}
	return enc.EncodeSnapshotsAhead(ctx, snaps)
}

// statusReader is a Sink that can read many referrals' statuses in one query
// ahead of the status guards of InTx's transaction (*store.DB can).
type statusReader interface {
	ReadStatusesRx(ctx context.Context, ids []string) error
}

// statusWindow is how many entries' referrals have their statuses read at a time.
const statusWindow = 200

// readStatusesAhead reads, in one query, the statuses of the referrals the
// entries will likely be applied to: those their records (and related
// records) are linked to, and those the lookahead found (a Referral ID, a
// fuzzy match). A referral missed here is read when it is needed, as ever.
func (r *Receiver) readStatusesAhead(ctx context.Context, passes []*pass, entries []*matching.Entry) error {
	sr, ok := r.sink.(statusReader)
	if !ok {
		return nil
	}
	var ids []string
	for _, ps := range passes {
		for _, e := range entries {
			for _, id := range append([]string{e.RecordID}, relatedIDs(e.Snapshot)...) {
				if ref, ok := ps.links[id]; ok {
					ids = append(ids, ref)
				}
			}
			if g := ps.ahead.guessOf(e); g != nil {
				switch g.state.Load() {
				case guessDone:
					ids = append(ids, g.full.ReferralID, g.d.ReferralID)
				case guessRunning, guessSkipped:
					ids = append(ids, g.full.ReferralID)
				}
			}
		}
	}
	return sr.ReadStatusesRx(ctx, ids)
}

// guessOf is the guess made for e, if any.
func (la *lookahead) guessOf(e *matching.Entry) *guess {
	if la == nil {
		return nil
	}
	if g := la.byKey[[2]string{e.RecordID, e.Modstamp}]; g != nil && sameMap(g.snap, e.Snapshot) {
		return g
	}
	return nil
}

// lookAhead begins the page's fuzzy matches (startLookahead) for every
// program concerned whose index is loaded, while the page waits for the
// page before to be written, so that they are ready when its transaction
// asks. A match begun before the page before changed the index (a referral
// added under a member, a company mapped) is not used (see take).
func (r *Receiver) lookAhead(ctx context.Context, set *ruleSet, p *plan, pg pageEntries) map[int64]*lookahead {
	out := map[int64]*lookahead{}
	for _, prog := range set.concerned(p.Object) {
		if canon := r.prog(prog.id); canon.ready.Load() {
			ps := &pass{r: r, program: prog.id, rules: prog.rules, ix: canon.ix}
			out[prog.id] = ps.startLookahead(ctx, pg.entries, pg.linkIDs)
		}
	}
	return out
}

// endAhead stops the page's matches begun ahead (the page is abandoned).
func (pg pageEntries) endAhead() {
	for _, la := range pg.ahead {
		la.end()
	}
}
