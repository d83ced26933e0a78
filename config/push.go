package config

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// PushRules say how a new referral is created in Salesforce (SPEC "Referral → Salesforce").
type PushRules struct {
	// Object is "Lead", "Contact", or "" to not push referrals at all.
	Object string `json:"object" yaml:"object"`
	// OnExistingEmail is what happens when a record of Object already has the
	// referral's email: "link" (link to it, change nothing), "update" (write the
	// mapped fields onto it and link), "create" (create a new one anyway) or
	// "deny" (set the referral to denied). A record created within RecentWindowMinutes
	// is always linked and left alone: another integration probably just made it.
	OnExistingEmail string `json:"on_existing_email" yaml:"on_existing_email"`
	// RecentWindowMinutes is that window; default 60.
	RecentWindowMinutes int `json:"recent_window_minutes" yaml:"recent_window_minutes"`
	// ReferralIDField holds refsync's referral id on the record; default Referral_ID__c.
	ReferralIDField string `json:"referral_id_field" yaml:"referral_id_field"`
	// LeadSource is written to LeadSource; default "Referral" ("" leaves it out).
	LeadSource string `json:"lead_source" yaml:"lead_source"`
	// SourceNoteField receives a sentence naming the referring member; default Description.
	SourceNoteField string `json:"source_note_field" yaml:"source_note_field"`
	// ReferralURLField and MemberURLField receive links into refsync's UI (BaseURL + path); "" leaves them out.
	ReferralURLField string `json:"referral_url_field" yaml:"referral_url_field"`
	MemberURLField   string `json:"member_url_field" yaml:"member_url_field"`
	// BaseURL is refsync's public URL, used for those links.
	BaseURL string `json:"base_url" yaml:"base_url"`
	// MemberFields are the referring member's fields written to the record:
	// any of name, email, external_id, phone, referral_code.
	MemberFields []string `json:"member_fields" yaml:"member_fields"`
	// MemberFieldTargets names the Salesforce field for each member field
	// (defaults: DefaultMemberFieldTargets).
	MemberFieldTargets map[string]string `json:"member_field_targets" yaml:"member_field_targets"`
	// CustomFields maps a referral custom field key to a Salesforce field name.
	CustomFields map[string]string `json:"custom_fields" yaml:"custom_fields"`
	// StatusTargets write the referral's status (and when it changed) back
	// onto its linked Salesforce records, so sales reps see it there; none by default.
	StatusTargets []StatusTarget `json:"status_targets,omitempty" yaml:"status_targets"`
}

// StatusTarget says where on a linked record of Object the referral's status
// goes (Field) and, optionally, when it last changed (ChangedField, a date/time field).
type StatusTarget struct {
	Object       string `json:"object" yaml:"object"` // Lead, Contact, Opportunity or Account
	Field        string `json:"field" yaml:"field"`   // e.g. Referral_Status__c
	ChangedField string `json:"changed_field,omitempty" yaml:"changed_field"`
}

// Existing-email options of PushRules.OnExistingEmail.
const (
	OnExistingLink   = "link"
	OnExistingUpdate = "update"
	OnExistingCreate = "create"
	OnExistingDeny   = "deny"
)

// DefaultMemberFieldTargets is where each member field goes unless MemberFieldTargets says otherwise.
var DefaultMemberFieldTargets = map[string]string{
	"name":          "Referring_Member_Name__c",
	"email":         "Referring_Member_Email__c",
	"external_id":   "Referring_Member_ID__c",
	"phone":         "Referring_Member_Phone__c",
	"referral_code": "Member_Code__c",
}

// DefaultPushRules returns the rules a new install starts with: Leads, link on an existing email.
func DefaultPushRules() PushRules {
	return PushRules{
		Object:              "Lead",
		OnExistingEmail:     OnExistingLink,
		RecentWindowMinutes: 60,
		ReferralIDField:     "Referral_ID__c",
		LeadSource:          "Referral",
		SourceNoteField:     "Description",
		MemberFields:        []string{"referral_code"},
	}
}

var sfFieldName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{0,79}$`)

// MemberFieldTarget returns the Salesforce field for a member field.
func (p PushRules) MemberFieldTarget(field string) string {
	if t := p.MemberFieldTargets[field]; t != "" {
		return t
	}
	return DefaultMemberFieldTargets[field]
}

// Validate says in words what is wrong with the rules, naming the setting.
func (p PushRules) Validate() error {
	var errs []string
	bad := func(format string, a ...any) { errs = append(errs, fmt.Sprintf(format, a...)) }
	switch p.Object {
	case "", "Lead", "Contact":
	default:
		bad("push object %q must be Lead, Contact or empty (do not push)", p.Object)
	}
	switch p.OnExistingEmail {
	case OnExistingLink, OnExistingUpdate, OnExistingCreate, OnExistingDeny:
	default:
		bad("on_existing_email %q must be link, update, create or deny", p.OnExistingEmail)
	}
	if p.RecentWindowMinutes < 0 {
		bad("recent_window_minutes must not be negative")
	}
	if p.Object != "" && !sfFieldName.MatchString(p.ReferralIDField) {
		bad("referral_id_field %q is not a Salesforce field name (e.g. Referral_ID__c); it is required to avoid duplicate records", p.ReferralIDField)
	}
	for name, v := range map[string]string{"source_note_field": p.SourceNoteField, "referral_url_field": p.ReferralURLField, "member_url_field": p.MemberURLField} {
		if v != "" && !sfFieldName.MatchString(v) {
			bad("%s %q is not a Salesforce field name", name, v)
		}
	}
	if (p.ReferralURLField != "" || p.MemberURLField != "") && !strings.HasPrefix(p.BaseURL, "http") {
		bad("base_url must be refsync's http(s) address when a URL field is set")
	}
	for _, f := range p.MemberFields {
		if _, ok := DefaultMemberFieldTargets[f]; !ok {
			bad("member field %q must be one of name, email, external_id, phone, referral_code", f)
		} else if !sfFieldName.MatchString(p.MemberFieldTarget(f)) {
			bad("member field %q goes to %q, which is not a Salesforce field name", f, p.MemberFieldTarget(f))
		}
	}
	keys := make([]string, 0, len(p.CustomFields))
	for k := range p.CustomFields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if strings.TrimSpace(k) == "" || !sfFieldName.MatchString(p.CustomFields[k]) {
			bad("custom field %q → %q: the key must not be empty and the target must be a Salesforce field name", k, p.CustomFields[k])
		}
	}
	for i, st := range p.StatusTargets {
		switch st.Object {
		case "Lead", "Contact", "Opportunity", "Account":
		default:
			bad("status_targets[%d].object %q must be Lead, Contact, Opportunity or Account", i, st.Object)
		}
		if !sfFieldName.MatchString(st.Field) || (st.ChangedField != "" && !sfFieldName.MatchString(st.ChangedField)) {
			bad("status_targets[%d]: %q / %q must be Salesforce field names (e.g. Referral_Status__c)", i, st.Field, st.ChangedField)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("config: push rules: %s", strings.Join(errs, "; "))
	}
	return nil
}
