package matching

import "strings"

// Entry is one received CRM change (a sales entry) and what refsync did with it.
// The store persists it; the receiver, the API and the UI share this shape.
type Entry struct {
	ID           int64          `json:"id"`
	ProgramID    int64          `json:"program_id"` // the program whose rules received it (0 when stored: the default)
	Object       string         `json:"object"`     // Lead, Contact, Opportunity, … ("Webhook" for /api/v1/qualify)
	RecordID     string         `json:"record_id"`  // Salesforce id
	Modstamp     string         `json:"modstamp"`   // SystemModstamp; with Object and RecordID the idempotency key
	Snapshot     map[string]any `json:"snapshot"`   // the fields rules and mappings read, related ones as "Account.Name"
	Rule         string         `json:"rule"`       // the status change event that fired, in words ("" if none)
	TargetStatus string         `json:"target_status,omitempty"`
	Method       Method         `json:"method,omitempty"`
	ReferralID   string         `json:"referral_id,omitempty"`
	Score        float64        `json:"score"`
	Candidates   []Candidate    `json:"candidates"`
	Outcome      EntryOutcome   `json:"outcome"`
	Reason       string         `json:"reason,omitempty"` // reason code when review or failed
	Attempts     int            `json:"attempts"`
	Note         string         `json:"note,omitempty"`
	ReceivedAt   string         `json:"received_at"`
	UpdatedAt    string         `json:"updated_at"`
}

// EntryOutcome is where an entry stands.
type EntryOutcome string

// Entry outcomes.
const (
	EntryProcessed EntryOutcome = "processed"
	EntryReview    EntryOutcome = "review"
	EntryFailed    EntryOutcome = "failed"
	EntryIgnored   EntryOutcome = "ignored"
	EntryDismissed EntryOutcome = "dismissed"
)

// EntryEvent is one line of an entry's history.
type EntryEvent struct {
	At      string       `json:"at"`
	Actor   string       `json:"actor"`  // sync, user:ann@example.com, api:zapier
	Action  string       `json:"action"` // received, applied, review, apply, retry, dismiss, …
	Outcome EntryOutcome `json:"outcome,omitempty"`
	Reason  string       `json:"reason,omitempty"`
	Detail  string       `json:"detail,omitempty"`
}

// Reason codes on entries in review or failed, beyond the matcher's own.
const (
	ReasonMemberNotFound = "member_not_found"
	ReasonDeniedOverride = "denied_override"
	ReasonStatusFinal    = "status_final"
	ReasonAutoDisabled   = "auto_disabled"
	ReasonMappingInvalid = "mapping_invalid"
	ReasonCRMError       = "crm_error"
	ReasonStaleEvent     = "stale_event"
	ReasonBackwards      = "status_backwards"
)

var reasonWords = map[string]string{
	ReasonNoMatch:        "No referral matches this record, and it carries no member code.",
	ReasonMemberNotFound: "The record names a referring member, but no member has that code or email.",
	ReasonAmbiguous:      "Two or more referrals are about equally likely; pick the right one.",
	ReasonLowConfidence:  "No referral is likely enough to apply automatically; each candidate's score is the chance that it is this record's referral.",
	ReasonConflict: "The best referral agrees on some identifying fields but another one disagrees " +
		"(the candidate's conflict line says which): often another site, business or person; check before applying.",
	ReasonDeniedOverride: "The referral was denied; a person must confirm before it becomes qualified or approved.",
	ReasonStatusFinal:    "The referral is already approved, which is final.",
	ReasonAutoDisabled:   "Automatic processing of this kind of match is switched off in the process rules.",
	ReasonMappingInvalid: "The settings do not fit this record: a field mapping or rule names a field Salesforce does not have, or maps a value of the wrong kind (see the note). Fix it in Settings, then retry.",
	ReasonCRMError:       "Salesforce answered with an error while this entry was processed; retry it.",
	ReasonStaleEvent:     "The change is older than the one that set the referral's current status.",
	ReasonBackwards:      "The change would move the referral's status backwards.",
}

// reasonNames are the short names of the reasons, for lists, filters,
// exports and the digest; ReasonWords is the sentence behind each.
var reasonNames = map[string]string{
	ReasonNoMatch: "No match", ReasonMemberNotFound: "Member not found", ReasonAmbiguous: "Two close matches",
	ReasonLowConfidence: "Not sure enough to apply", ReasonConflict: "Fields disagree",
	ReasonDeniedOverride: "Referral was denied", ReasonStatusFinal: "Already approved", ReasonAutoDisabled: "Automatic processing off",
	ReasonMappingInvalid: "Settings do not fit Salesforce", ReasonCRMError: "Salesforce error",
	ReasonStaleEvent: "Older than the current status", ReasonBackwards: "Would move status backwards",
}

// ReasonName names a reason code in a few words ("Two close matches"); an
// unknown code is shown with its underscores as spaces.
func ReasonName(code string) string {
	if w, ok := reasonNames[code]; ok {
		return w
	}
	return strings.ReplaceAll(code, "_", " ")
}

// ReasonWords explains a reason code in a sentence a reviewer can act on.
func ReasonWords(code string) string {
	if w, ok := reasonWords[code]; ok {
		return w
	}
	if code == "" {
		return ""
	}
	return "Reason: " + code
}
