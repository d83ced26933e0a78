// Package matching is the domain leaf of refsync: referrals, sales entries,
// normalisers, scoring, the candidate index and the decision bands. It does no I/O.
package matching

// Referral is what the matcher knows about one referral.
type Referral struct {
	ID            string // refsync referral id (stable, unguessable)
	ProgramID     int64  // the program it belongs to (0: the default)
	ExternalID    string // the program's own id
	FirstName     string
	LastName      string
	Email         string
	Phone         string
	Company       string
	Street        string
	City          string
	State         string
	PostalCode    string
	Website       string   // the company's web address, if any
	MemberCode    string   // referral code of the referring member
	SalesforceIDs []string // Salesforce record ids already linked to this referral
}

// SalesEntry is one changed CRM record as the matcher sees it.
type SalesEntry struct {
	FirstName     string
	LastName      string
	Email         string
	Phone         string
	Company       string
	Street        string
	City          string
	State         string
	PostalCode    string
	Website       string   // the company's web address (an Account's Website), if any
	ReferralID    string   // value of the record's Referral ID field, if any
	ExternalID    string   // value of a field holding the referral's external id, if any
	MemberCode    string   // referral code of a member carried by the record, if any
	SalesforceIDs []string // the record's own id and ids of related records
}

// Method says how a referral was found.
type Method string

// Match methods.
const (
	MethodDirect Method = "direct"
	MethodFuzzy  Method = "fuzzy"
	MethodMember Method = "member"
	MethodManual Method = "manual"
)

// Outcome is the matcher's verdict on one entry.
type Outcome string

// Outcomes of Decide.
const (
	OutcomeAuto    Outcome = "auto"     // one referral, sure enough to apply without a person
	OutcomeReview  Outcome = "review"   // candidates for a person to choose from
	OutcomeNoMatch Outcome = "no_match" // nothing close enough
)

// Reason codes the matcher gives for an entry that is not auto-matched.
const (
	ReasonNoMatch       = "no_match"
	ReasonAmbiguous     = "ambiguous"
	ReasonLowConfidence = "low_confidence"
)

// FieldScore is one field's part in a candidate's score: the explanation shown to a reviewer.
type FieldScore struct {
	Field        string  `json:"field"`        // e.g. "email", "last_name"
	Similarity   float64 `json:"similarity"`   // 0..1
	Contribution float64 `json:"contribution"` // signed share of the final score
	Reason       string  `json:"reason"`       // in words: "same email after normalising"
}

// Candidate is one referral the entry might be about.
type Candidate struct {
	ReferralID string  `json:"referral_id"`
	Score      float64 `json:"score"` // 0..1: the chance that this is the entry's referral
	// Verdict says in words what the score means (the bands are in the README).
	Verdict string `json:"verdict,omitempty"`
	// Band is the score's band: sure, likely, possible, doubtful or weak.
	Band   string       `json:"band,omitempty"`
	Fields []FieldScore `json:"fields"`
	// Identified is true when an identifying field (email, phone, company,
	// street address) agrees, not only names and places.
	Identified bool `json:"identified"`
	// rareName is true when only names and places agree but few referrals
	// share the name (the name_rarity field explains it).
	rareName bool
	// conflict is true when identifying fields disagree while others agree.
	conflict bool
	// orgOnly is true when only an organisation's fields agree, not its site's.
	orgOnly bool
	// sameSite is true when the organisation and the street address agree;
	// siteName when the full site name does too.
	sameSite, siteName bool
	// samePhone is true when the phone agrees; sameStreet when the street address does.
	samePhone, sameStreet bool
	// agree is the identifying evidence that agrees with the entry; exact
	// the evidence whose values are the same.
	agree, exact evidence
	// hold is true when the explanation calls the pair a conflict, another
	// site or an outlet: such a candidate is never applied automatically.
	hold bool
	// unblocked is the score without the conflict and organisation-only penalties.
	unblocked float64
}

// Decision is the outcome of matching one entry.
type Decision struct {
	Outcome    Outcome     `json:"outcome"`
	Method     Method      `json:"method,omitempty"`      // set when Outcome is auto
	ReferralID string      `json:"referral_id,omitempty"` // set when Outcome is auto
	Score      float64     `json:"score"`
	Reason     string      `json:"reason,omitempty"`     // set when Outcome is not auto
	Candidates []Candidate `json:"candidates,omitempty"` // ranked, at most 5
}

// Thresholds are the decision bands; they come from configuration.
type Thresholds struct {
	Auto   float64 // best score ≥ Auto (and ahead by Margin) → auto-match
	Review float64 // Review ≤ best score < Auto → review
	Margin float64 // best − second < Margin → ambiguous
}
