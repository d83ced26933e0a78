package plain

import (
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/matching"
)

// PreviewRequest asks what a draft of a program's settings would have done
// to the entries received since Since.
type PreviewRequest struct {
	Program int64
	Draft   *config.Rules // validated by the caller
	Base    *config.Rules // what the draft is compared with; nil: the rules in force
	Since   time.Time
	Sample  int // how many changed entries to show in full; default 20
}

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
