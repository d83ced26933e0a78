package connector

import (
	"sort"
	"strings"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/plain"
	"github.com/refsync/refsync/matching"
)

// The preview's data live in package plain (no I/O, so web can use them).
type (
	// Preview is what a draft of the settings would have done to past entries.
	Preview = plain.Preview
	// OutcomeMove is how many changed entries go from one outcome to another.
	OutcomeMove = plain.OutcomeMove
	// ReferralMove is one referral's status under the rules in force and under the draft.
	ReferralMove = plain.ReferralMove
	// EntryDiff is one changed entry: its decision in force and in the draft.
	EntryDiff = plain.EntryDiff
	// Decided is what the pipeline made of an entry.
	Decided = plain.Decided
	// APICost is what a rule set costs of the org's daily API allowance.
	APICost = plain.APICost
)

// tally gathers a preview while it runs: the status moves of each rule set
// and the outcome pairs of the changed entries.
type tally struct {
	*Preview
	baseMoves, draftMoves []StatusMove
	outcomes              map[[2]matching.EntryOutcome]int
}

func newTally(req PreviewRequest, base *config.Rules, interval time.Duration) *tally {
	p := &Preview{Program: req.Program, Since: req.Since.UTC(), CostInForce: apiCost(base, interval), CostDraft: apiCost(req.Draft, interval)}
	return &tally{Preview: p, outcomes: map[[2]matching.EntryOutcome]int{}}
}

func decided(e *matching.Entry) Decided {
	return Decided{Outcome: e.Outcome, Reason: e.Reason, Rule: e.Rule, TargetStatus: e.TargetStatus, ReferralID: e.ReferralID,
		Method: e.Method, Score: e.Score}
}

// add counts one entry the two rule sets decided differently.
func (p *tally) add(pe *pastEntry, sample int) {
	b, d := decided(pe.base), decided(pe.next)
	if b == d {
		return
	}
	p.Changed++
	p.Entries = append(p.Entries, pe.e.ID)
	p.outcomes[[2]matching.EntryOutcome{b.Outcome, d.Outcome}]++
	if b.Outcome == matching.EntryReview {
		p.ReviewChange--
	}
	if d.Outcome == matching.EntryReview {
		p.ReviewChange++
	}
	if sample <= 0 {
		sample = 20
	}
	if len(p.Sample) < sample {
		p.Sample = append(p.Sample, EntryDiff{EntryID: pe.e.ID, Object: pe.e.Object, RecordID: pe.e.RecordID, Base: b, Draft: d,
			Changes: diffWords(b, d)})
	}
}

// diffWords names what differs between two decisions.
func diffWords(b, d Decided) []string {
	var out []string
	for _, f := range [][3]string{{"outcome", string(b.Outcome), string(d.Outcome)}, {"reason", b.Reason, d.Reason},
		{"rule", b.Rule, d.Rule}, {"status", b.TargetStatus, d.TargetStatus}, {"referral", b.ReferralID, d.ReferralID},
		{"method", string(b.Method), string(d.Method)}} {
		if f[1] != f[2] {
			out = append(out, f[0]+": "+orNone(f[1])+" → "+orNone(f[2]))
		}
	}
	return out
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// finish sums the outcome moves and sets each referral's move under both rule sets.
func (p *tally) finish() {
	for k, n := range p.outcomes {
		p.Outcomes = append(p.Outcomes, OutcomeMove{From: k[0], To: k[1], N: n})
	}
	sort.Slice(p.Outcomes, func(i, j int) bool {
		a, b := p.Outcomes[i], p.Outcomes[j]
		return a.N > b.N || (a.N == b.N && a.From+a.To < b.From+b.To)
	})
	refs := map[string]*ReferralMove{}
	var order []string
	track := func(moves []StatusMove, draft bool) {
		for _, m := range moves {
			r := refs[m.ReferralID]
			if r == nil {
				r = &ReferralMove{ReferralID: m.ReferralID, From: m.From}
				refs[m.ReferralID] = r
				order = append(order, m.ReferralID)
			}
			if draft {
				r.Draft = m.To
				r.Entries = append(r.Entries, m.EntryID)
			} else {
				r.Base = m.To
			}
		}
	}
	track(p.baseMoves, false)
	track(p.draftMoves, true)
	for _, id := range order {
		if r := refs[id]; r.Base != r.Draft {
			p.Referrals = append(p.Referrals, *r)
		}
	}
}

// apiCost estimates what a rule set costs a day: a query per watched object
// and poll (more when a page holds more than 2000 records), and one
// streaming channel per object not set to polling only. interval is the
// poll interval when the rules set none.
func apiCost(r *config.Rules, interval time.Duration) APICost {
	c := APICost{Objects: []string{}, Channels: []string{}}
	every := time.Duration(r.PollInterval)
	if every <= 0 {
		every = interval
	}
	for _, o := range r.Objects {
		if strings.Contains(","+strings.Join(r.Paused, ",")+",", ","+o+",") {
			continue
		}
		c.Objects = append(c.Objects, o)
		p := newPlan(o, r)
		c.Fields += len(p.Own)
		for _, fs := range p.Children {
			c.Fields += len(fs)
		}
		c.CallsPerDay += int(24 * time.Hour / every)
		if r.StreamMode(o) != config.StreamOff {
			c.Channels = append(c.Channels, o)
		}
	}
	return c
}
