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
	snap  map[string]any // the snapshot it was made from
	se    matching.SalesEntry
	d     matching.Decision
	state atomic.Int32 // guessNew → guessRunning → guessDone, or guessNew → guessTaken
	ready chan struct{}
}

const (
	guessNew int32 = iota
	guessRunning
	guessDone
	guessTaken // the pipeline matched itself: the worker skips it
)

// lookahead is the guesses of one pass over one page.
type lookahead struct {
	byKey map[[2]string]*guess // by record id and SystemModstamp
	stop  atomic.Bool
}

// startLookahead begins matching, in one background goroutine and in page
// order, the entries the pass will likely match fuzzily: those no Referral ID
// names and no link (as the read pool sees it before the transaction) ties to
// a referral. Call end when the page is done.
func (ps *pass) startLookahead(ctx context.Context, entries []*matching.Entry, linkIDs []string) *lookahead {
	la := &lookahead{byKey: make(map[[2]string]*guess, len(entries))}
	if runtime.GOMAXPROCS(0) < 2 {
		return la // one processor: nothing to gain
	}
	links, _, err := ps.r.sink.LinkedRecordsRx(ctx, ps.program, linkIDs)
	if err != nil {
		return la // no guesses: the pipeline matches as ever
	}
	var order []*guess
	for _, e := range entries {
		se := salesEntry(ps.rules, e.Object, e.Snapshot)
		if !ps.mayMatchFuzzily(e, se, links) {
			continue
		}
		se.SalesforceIDs = nil
		g := &guess{snap: e.Snapshot, se: se, ready: make(chan struct{})}
		la.byKey[[2]string{e.RecordID, e.Modstamp}] = g
		order = append(order, g)
	}
	if len(order) == 0 {
		return la
	}
	ix, th := ps.ix, ps.thresholds()
	go func() {
		for _, g := range order {
			if la.stop.Load() || ctx.Err() != nil {
				return
			}
			if !g.state.CompareAndSwap(guessNew, guessRunning) {
				continue
			}
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
	if g == nil || !sameMap(g.snap, e.Snapshot) || !sameEntry(g.se, se) {
		return matching.Decision{}, false
	}
	if g.state.CompareAndSwap(guessNew, guessTaken) {
		return matching.Decision{}, false // not started: quicker to match here
	}
	<-g.ready // running or done (never taken: only the pipeline takes)
	return g.d, true
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
