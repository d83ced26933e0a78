package connector

import (
	"sort"
	"strings"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/matching"
)

// Preview is what a draft of the settings would have done to past entries,
// compared with the rules in force, both run on today's referrals.
type Preview struct {
	Program  int64     `json:"program_id"`
	Since    time.Time `json:"since"`
	Examined int       `json:"examined"` // entries run through the pipeline again
	Skipped  int       `json:"skipped"`  // a person's decisions and deleted records, left as they are
	Changed  int       `json:"changed"`  // entries whose outcome, reason, rule or referral differ
	// Outcomes counts the changed entries by outcome, in force → draft.
	Outcomes []OutcomeMove `json:"outcomes"`
	// Referrals are the referrals whose status the draft would move
	// otherwise than the rules in force, with the entries that move them.
	Referrals    []ReferralMove `json:"referrals"`
	ReviewChange int            `json:"review_change"` // review queue size, draft minus in force
	Sample       []EntryDiff    `json:"sample"`        // the first changed entries, field by field
	Entries      []int64        `json:"changed_entries"`
	CostInForce  APICost        `json:"api_cost_in_force"`
	CostDraft    APICost        `json:"api_cost_draft"`
	Unread       []string       `json:"unread,omitempty"` // fields the draft reads that no stored snapshot has

	baseMoves, draftMoves []StatusMove
	outcomes              map[[2]matching.EntryOutcome]int
}

// OutcomeMove is how many changed entries go from one outcome to another.
type OutcomeMove struct {
	From matching.EntryOutcome `json:"from"`
	To   matching.EntryOutcome `json:"to"`
	N    int                   `json:"n"`
}

// ReferralMove is one referral's status under the rules in force and under the draft.
type ReferralMove struct {
	ReferralID string  `json:"referral_id"`
	From       string  `json:"from"`  // its status today
	Base       string  `json:"base"`  // where the rules in force take it ("" : nowhere)
	Draft      string  `json:"draft"` // where the draft takes it ("" : nowhere)
	Entries    []int64 `json:"entries"`
}

// EntryDiff is one changed entry: its decision in force and in the draft.
type EntryDiff struct {
	EntryID  int64    `json:"entry_id"`
	Object   string   `json:"object"`
	RecordID string   `json:"record_id"`
	Base     Decided  `json:"base"`
	Draft    Decided  `json:"draft"`
	Changes  []string `json:"changes"` // what differs, in words
}

// Decided is what the pipeline made of an entry.
type Decided struct {
	Outcome      matching.EntryOutcome `json:"outcome"`
	Reason       string                `json:"reason,omitempty"`
	Rule         string                `json:"rule,omitempty"`
	TargetStatus string                `json:"target_status,omitempty"`
	ReferralID   string                `json:"referral_id,omitempty"`
	Method       matching.Method       `json:"method,omitempty"`
	Score        float64               `json:"score"`
}

// APICost is what a rule set costs of the org's daily API allowance.
type APICost struct {
	Objects     []string `json:"objects"`       // polled objects (paused ones left out)
	Fields      int      `json:"fields"`        // fields read, over all objects
	CallsPerDay int      `json:"calls_per_day"` // at least one query per object and poll
	Channels    []string `json:"channels"`      // streaming channels subscribed (one each)
}

func newPreview(req PreviewRequest, base *config.Rules, interval time.Duration) *Preview {
	return &Preview{Program: req.Program, Since: req.Since.UTC(), CostInForce: apiCost(base, interval), CostDraft: apiCost(req.Draft, interval),
		outcomes: map[[2]matching.EntryOutcome]int{}}
}

func decided(e *matching.Entry) Decided {
	return Decided{Outcome: e.Outcome, Reason: e.Reason, Rule: e.Rule, TargetStatus: e.TargetStatus, ReferralID: e.ReferralID,
		Method: e.Method, Score: e.Score}
}

// add counts one entry the two rule sets decided differently.
func (p *Preview) add(pe *pastEntry, sample int) {
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
func (p *Preview) finish() {
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
