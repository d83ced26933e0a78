package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// RulesFormat is the version of the JSON shape of Rules written by this build.
// Format 2: match scores are calibrated (the chance a candidate is the
// referral), so thresholds saved in format 1 (the old, uncalibrated scale)
// mean something else and are replaced by the defaults when read.
const RulesFormat = 2

// Rules are the sync rules an admin configures: which objects are polled, which
// changes move a referral's status, which fields feed the referral and the
// matcher, the process rules and the thresholds. Stored as JSON in settings.
type Rules struct {
	Format       int          `json:"format"`
	Objects      []string     `json:"objects"`                 // Salesforce API names polled, e.g. Lead, Opportunity
	Paused       []string     `json:"paused,omitempty"`        // watched objects whose polling an admin paused
	PollInterval Duration     `json:"poll_interval,omitempty"` // 0: the bootstrap poll interval
	Events       []Event      `json:"events"`                  // status change events
	Mappings     []Mapping    `json:"mappings"`                // fields to update
	DirectFields []MatchField `json:"direct_fields"`           // fields holding a referral id or external id
	MemberFields []MatchField `json:"member_fields"`           // fields naming the referring member
	FuzzyFields  []MatchField `json:"fuzzy_fields"`            // fields the fuzzy matcher compares
	Process      Process      `json:"process"`
	Thresholds   Thresholds   `json:"thresholds"`
	Lookback     Duration     `json:"lookback"`           // re-read this far behind the watermark
	Backfill     string       `json:"backfill,omitempty"` // first start reads from this date (YYYY-MM-DD or RFC 3339) instead of now
	Push         PushRules    `json:"push"`               // how new referrals go to Salesforce
	// Streaming is the Streaming API choice per object (auto, cdc, pushtopic, off); an object
	// not listed is auto (rules_streaming.go).
	Streaming map[string]string `json:"streaming,omitempty"`
}

// Event is a status change event: when a record of Object enters a state where
// Field Operator Value holds, its referral becomes Status.
type Event struct {
	Object   string `json:"object"`
	Field    string `json:"field"` // own field or related, e.g. "Account.Type"
	Operator string `json:"operator"`
	Value    string `json:"value"`
	Status   string `json:"status"`
}

// Mapping copies a Salesforce field (own or related) onto a referral field.
type Mapping struct {
	Object string `json:"object"`
	Field  string `json:"field"`
	Target string `json:"target"` // amount, company or custom.NAME
}

// MatchField says that Field of Object holds a value of Kind.
type MatchField struct {
	Object string `json:"object"`
	Field  string `json:"field"`
	Kind   string `json:"kind"`
}

// Process are the admin's process rules a–e of SPEC "Process rules".
type Process struct {
	AutoDirect          bool `json:"auto_direct"`           // a: apply direct matches automatically
	AutoFuzzy           bool `json:"auto_fuzzy"`            // b: apply fuzzy matches above the auto threshold
	ReviewNoMember      bool `json:"review_no_member"`      // c: review an entry that would add a referral but names no known member
	ReviewDenied        bool `json:"review_denied"`         // d: review when a denied referral would become qualified/approved
	NotifyReview        bool `json:"notify_review"`         // e: notify (digest) when entries go to review
	AllowDeniedOverride bool `json:"allow_denied_override"` // apply denied → qualified/approved without review
}

// Thresholds are the matcher's decision bands.
type Thresholds struct {
	Auto   float64 `json:"auto"`
	Review float64 `json:"review"`
	Margin float64 `json:"margin"`
}

// Operators of status change events.
const (
	OpEquals    = "equals"
	OpNotEquals = "not_equals"
	OpContains  = "contains"
	OpIn        = "in" // Value is a comma-separated list
	OpIsTrue    = "is_true"
)

// Kinds of match fields.
var (
	DirectKinds = []string{"referral_id", "external_id"}
	MemberKinds = []string{"member_code", "member_email", "member_external_id"}
	FuzzyKinds  = []string{"first_name", "last_name", "email", "phone", "company", "street", "city", "state", "postal_code"}
)

// RelatedObjects lists, per object, the related objects whose fields a rule or
// mapping may read as "Related.Field" (SPEC "Related records").
var RelatedObjects = map[string][]string{
	"Lead":        {},
	"Contact":     {"Account", "Opportunity"},
	"Opportunity": {"Account", "Contact"},
	"Account":     {"Contact", "Opportunity"},
}

// DefaultRules returns the rules in force when nothing is configured.
func DefaultRules() *Rules {
	return &Rules{
		Push:    DefaultPushRules(),
		Format:  RulesFormat,
		Objects: []string{"Lead", "Contact", "Opportunity"},
		Events: []Event{
			{Object: "Opportunity", Field: "StageName", Operator: OpEquals, Value: "Closed Won", Status: "approved"},
			{Object: "Lead", Field: "Status", Operator: OpEquals, Value: "Closed - Converted", Status: "qualified"},
		},
		Mappings: []Mapping{{Object: "Opportunity", Field: "Amount", Target: "amount"}},
		DirectFields: []MatchField{
			{Object: "Lead", Field: "Referral_ID__c", Kind: "referral_id"},
			{Object: "Contact", Field: "Referral_ID__c", Kind: "referral_id"},
			{Object: "Opportunity", Field: "Referral_ID__c", Kind: "referral_id"},
		},
		MemberFields: []MatchField{{Object: "Lead", Field: "Member_Code__c", Kind: "member_code"}},
		FuzzyFields:  defaultFuzzy(),
		Process:      Process{AutoDirect: true, AutoFuzzy: true, ReviewNoMember: true, ReviewDenied: true, NotifyReview: true},
		Thresholds:   Thresholds{Auto: 0.997, Review: 0.02, Margin: 0.3}, // = matching.DefaultThresholds (a connector test checks)
		Lookback:     Duration(2 * time.Minute),
	}
}

func defaultFuzzy() []MatchField {
	var out []MatchField
	add := func(object string, pairs ...string) {
		for i := 0; i+1 < len(pairs); i += 2 {
			out = append(out, MatchField{Object: object, Field: pairs[i], Kind: pairs[i+1]})
		}
	}
	add("Lead", "FirstName", "first_name", "LastName", "last_name", "Email", "email", "Phone", "phone",
		"Company", "company", "Street", "street", "City", "city", "State", "state", "PostalCode", "postal_code")
	add("Contact", "FirstName", "first_name", "LastName", "last_name", "Email", "email", "Phone", "phone",
		"Account.Name", "company", "MailingCity", "city", "MailingPostalCode", "postal_code")
	add("Opportunity", "Contact.FirstName", "first_name", "Contact.LastName", "last_name", "Contact.Email", "email",
		"Contact.Phone", "phone", "Account.Name", "company")
	return out
}

// ParseRules reads rules from JSON over the defaults (a key left out keeps its
// default); unknown keys are an error that names them.
func ParseRules(b []byte) (*Rules, error) {
	r := DefaultRules()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(r); err != nil {
		return nil, fmt.Errorf("config: rules: %w", err)
	}
	if r.Format == 0 {
		r.Format = RulesFormat
	}
	if r.Format > RulesFormat {
		return nil, fmt.Errorf("config: rules: format %d is newer than this refsync understands (%d); upgrade refsync", r.Format, RulesFormat)
	}
	if r.Format < 2 {
		// An old-scale auto threshold such as 0.75 would be far too lenient on
		// calibrated scores: fall back to the calibrated defaults (safe side).
		r.Thresholds = DefaultRules().Thresholds
		r.Format = RulesFormat
	}
	return r, nil
}

// Polled returns the watched objects that are not paused, in order.
func (r *Rules) Polled() []string {
	var out []string
	for _, o := range r.Objects {
		if !slices.Contains(r.Paused, o) {
			out = append(out, o)
		}
	}
	return out
}

// JSON returns the rules as indented JSON, as stored in settings.
func (r *Rules) JSON() ([]byte, error) {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("config: encode rules: %w", err)
	}
	return b, nil
}

// Duration is a time.Duration written in JSON as "90s", "5m".
type Duration time.Duration

// MarshalJSON writes the duration as a string.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// UnmarshalJSON reads "5m" or a number of seconds.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		var secs float64
		if err2 := json.Unmarshal(b, &secs); err2 != nil {
			return fmt.Errorf("a duration is written like \"30s\" or \"5m\": %w", err)
		}
		*d = Duration(secs * float64(time.Second))
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("%q is not a duration; write it like 30s, 5m or 1h", s)
	}
	*d = Duration(v)
	return nil
}

// Std returns d as a time.Duration.
func (d Duration) Std() time.Duration { return time.Duration(d) }

// BackfillTime parses Backfill; zero when unset.
func (r *Rules) BackfillTime() (time.Time, error) {
	return ParseSince(r.Backfill)
}

// ParseSince reads a date (YYYY-MM-DD) or an RFC 3339 time; "" is the zero time.
func ParseSince(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date; write it like 2025-01-31 or 2025-01-31T08:00:00Z", s)
}

var apiName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$`)

// errs collects validation messages.
type errs []error

func (e *errs) add(format string, a ...any) { *e = append(*e, fmt.Errorf(format, a...)) }

// ValidateEdit checks rules about to be saved as a new version: Validate, and
// a look-back of at least MinLookback. Each message names the key and what is allowed.
func (r *Rules) ValidateEdit() error {
	err := r.Validate()
	if d := r.Lookback.Std(); d < MinLookback {
		err = errors.Join(err, fmt.Errorf("lookback: %s re-reads nothing behind the watermark, so changes Salesforce commits late are missed; use at least %s (the default is %s)",
			d, MinLookback, DefaultRules().Lookback.Std()))
	}
	return err
}

// MinLookback is the shortest look-back a new settings version may have.
const MinLookback = time.Second

// Validate checks rules as stored (older versions may hold what ValidateEdit
// refuses today, and keep working).
func (r *Rules) Validate() error {
	var e errs
	objects := map[string]bool{}
	if len(r.Objects) == 0 {
		e.add("objects: list at least one Salesforce object to watch, e.g. Lead, Contact, Opportunity")
	}
	for i, o := range r.Objects {
		if !apiName.MatchString(o) || strings.Contains(o, ".") {
			e.add("objects[%d]: %q is not a Salesforce API name (letters, digits and _ like Opportunity or Deal__c)", i, o)
		} else if name, bad := unwatchable[strings.ToLower(o)]; bad {
			e.add("objects[%d]: %s cannot be watched: it has no IsDeleted field, which the sync needs to notice deleted records; watch Lead, Contact, Account, Opportunity or a custom object (ending in __c)", i, name)
		}
		objects[o] = true
	}
	if d := r.PollInterval.Std(); d != 0 && (d < time.Second || d > 24*time.Hour) {
		e.add("poll_interval: %s must be between 1s and 24h (or empty for the default)", d)
	}
	if d := r.Lookback.Std(); d < 0 || d > 24*time.Hour {
		e.add("lookback: %s must be between 0s and 24h", d)
	}
	if _, err := r.BackfillTime(); err != nil {
		e.add("backfill: %v", err)
	}
	r.validateEvents(&e, objects)
	r.validateMappings(&e, objects)
	validateMatch(&e, "direct_fields", r.DirectFields, DirectKinds, objects)
	validateMatch(&e, "member_fields", r.MemberFields, MemberKinds, objects)
	validateMatch(&e, "fuzzy_fields", r.FuzzyFields, FuzzyKinds, objects)
	t := r.Thresholds
	if !(0 <= t.Review && t.Review <= t.Auto && t.Auto <= 1) {
		e.add("thresholds: need 0 ≤ review (%g) ≤ auto (%g) ≤ 1", t.Review, t.Auto)
	}
	if !(t.Margin >= 0 && t.Margin <= 1) { // NaN too
		e.add("thresholds.margin: %g must be between 0 and 1", t.Margin)
	}
	r.validateStreaming(&e, objects)
	if err := r.Push.Validate(); err != nil {
		e = append(e, fmt.Errorf("push: %w", err))
	}
	return errors.Join(e...)
}

func (r *Rules) validateEvents(e *errs, objects map[string]bool) {
	for i, ev := range r.Events {
		key := fmt.Sprintf("events[%d]", i)
		checkRef(e, key, ev.Object, ev.Field, objects)
		switch ev.Operator {
		case OpEquals, OpNotEquals, OpContains, OpIn, OpIsTrue:
		default:
			e.add("%s.operator: %q must be one of equals, not_equals, contains, in, is_true", key, ev.Operator)
		}
		switch ev.Status {
		case "pending", "qualified", "approved", "denied":
		default:
			e.add("%s.status: %q must be one of pending, qualified, approved, denied", key, ev.Status)
		}
	}
}

func (r *Rules) validateMappings(e *errs, objects map[string]bool) {
	for i, m := range r.Mappings {
		key := fmt.Sprintf("mappings[%d]", i)
		checkRef(e, key, m.Object, m.Field, objects)
		name, custom := strings.CutPrefix(m.Target, "custom.")
		switch {
		case m.Target == "amount" || m.Target == "company":
		case custom && apiName.MatchString(name) && !strings.Contains(name, "."):
		default:
			e.add("%s.target: %q must be amount, company or custom.NAME (NAME: letters, digits, _)", key, m.Target)
		}
	}
}

func validateMatch(e *errs, list string, fs []MatchField, kinds []string, objects map[string]bool) {
	for i, f := range fs {
		key := fmt.Sprintf("%s[%d]", list, i)
		checkRef(e, key, f.Object, f.Field, objects)
		ok := false
		for _, k := range kinds {
			ok = ok || f.Kind == k
		}
		if !ok {
			e.add("%s.kind: %q must be one of %s", key, f.Kind, strings.Join(kinds, ", "))
		}
	}
}

// checkRef checks that object is watched and field is a plain or supported related name.
func checkRef(e *errs, key, object, field string, objects map[string]bool) {
	if !objects[object] {
		watched := make([]string, 0, len(objects))
		for o := range objects {
			watched = append(watched, o)
		}
		slices.Sort(watched)
		e.add("%s.object: %q is not a watched object; pick one of %s, or add it to the objects to watch", key, object, strings.Join(watched, ", "))
	}
	if !apiName.MatchString(field) {
		e.add("%s.field: %q is not a Salesforce field name (e.g. StageName or Account.Name)", key, field)
		return
	}
	rel, _, related := strings.Cut(field, ".")
	if !related {
		return
	}
	for _, o := range RelatedObjects[object] {
		if o == rel {
			return
		}
	}
	allowed := strings.Join(RelatedObjects[object], ", ")
	if allowed == "" {
		allowed = "none"
	}
	e.add("%s.field: %s records have no related %q here; related objects allowed: %s", key, object, rel, allowed)
}
