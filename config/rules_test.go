package config

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestDefaultRulesValid(t *testing.T) {
	r := DefaultRules()
	if err := r.Validate(); err != nil {
		t.Fatalf("default rules invalid: %v", err)
	}
	if len(r.Objects) != 3 || r.Events[0].Field != "IsWon" || r.Events[0].Operator != OpIsTrue || r.Events[0].Status != "approved" {
		t.Fatalf("defaults not as SPEC: %+v", r)
	}
}

func TestRulesJSONRoundTrip(t *testing.T) {
	r := DefaultRules()
	r.Lookback = Duration(90 * time.Second)
	r.Process.AllowDeniedOverride = true
	b, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseRules(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.Lookback.Std() != 90*time.Second || !got.Process.AllowDeniedOverride || len(got.FuzzyFields) != len(r.FuzzyFields) {
		t.Fatalf("round trip lost values: %+v", got)
	}
}

func TestParseRules(t *testing.T) {
	tests := []struct {
		name, in string
		wantErr  string
		check    func(*Rules) bool
	}{
		{"partial keeps defaults", `{"objects":["Lead"]}`, "", func(r *Rules) bool { return len(r.Objects) == 1 && len(r.Events) == 2 }},
		{"seconds as number", `{"lookback":30}`, "", func(r *Rules) bool { return r.Lookback.Std() == 30*time.Second }},
		{"unknown key", `{"objets":["Lead"]}`, "objets", nil},
		{"bad duration", `{"lookback":"soon"}`, "not a duration", nil},
		{"newer format", `{"format":9}`, "newer", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseRules([]byte(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || !tt.check(r) {
				t.Fatalf("err=%v rules=%+v", err, r)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Rules)
		want   string // "" = valid
	}{
		{"ok", func(r *Rules) {}, ""},
		{"no objects", func(r *Rules) { r.Objects = nil }, "objects:"},
		{"event on unwatched object", func(r *Rules) { r.Objects = []string{"Lead", "Contact"} }, `events[0].object: "Opportunity" is not a watched object; pick one of Contact, Lead`},
		{"bad operator", func(r *Rules) { r.Events[0].Operator = "=" }, "events[0].operator"},
		{"bad status", func(r *Rules) { r.Events[1].Status = "won" }, "events[1].status"},
		{"bad target", func(r *Rules) { r.Mappings[0].Target = "price" }, "mappings[0].target"},
		{"custom target ok", func(r *Rules) { r.Mappings[0].Target = "custom.deal_size" }, ""},
		{"related not allowed", func(r *Rules) { r.MemberFields[0].Field = "Account.Code__c" }, "member_fields[0].field"},
		{"bad kind", func(r *Rules) { r.DirectFields[0].Kind = "email" }, "direct_fields[0].kind"},
		{"thresholds order", func(r *Rules) { r.Thresholds.Review = 0.999 }, "thresholds:"},
		{"poll too fast", func(r *Rules) { r.PollInterval = Duration(time.Millisecond) }, "poll_interval"},
		{"bad backfill", func(r *Rules) { r.Backfill = "yesterday" }, "backfill"},
		{"good backfill", func(r *Rules) { r.Backfill = "2025-01-31" }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := DefaultRules()
			tt.change(r)
			err := r.Validate()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

func TestValidateFields(t *testing.T) {
	fields := map[string][]string{
		"Lead": {"Id", "Status", "FirstName", "LastName", "Email", "Phone", "Company", "Street", "City", "State", "PostalCode", "Referral_ID__c", "Member_Code__c",
			"Description", "LeadSource"}, // where the default push writes the source
		"Contact":     {"Id", "FirstName", "LastName", "Email", "Phone", "MailingCity", "MailingPostalCode", "Referral_ID__c", "AccountId"},
		"Opportunity": {"Id", "StageName", "Amount", "Referral_ID__c", "AccountId"},
		"Account":     {"Id", "Name", "Phone"},
	}
	describe := func(o string) ([]string, error) {
		if f, ok := fields[o]; ok {
			return f, nil
		}
		return nil, errors.New("no such object")
	}
	tests := []struct {
		name   string
		change func(*Rules)
		want   []string
	}{
		{"defaults ok", func(r *Rules) {}, nil},
		{"typo suggests", func(r *Rules) { r.Events[0].Field = "StageNme" }, []string{`events[0].field: Opportunity has no field "StageNme"`, "did you mean StageName"}},
		{"case insensitive ok", func(r *Rules) { r.Events[0].Field = "stagename" }, nil},
		{"related typo", func(r *Rules) { r.Mappings[0].Field = "Account.Nmae" }, []string{"Account has no field", "Name"}},
		{"custom without suffix", func(r *Rules) { r.DirectFields[0].Field = "Referral_ID" }, []string{"Referral_ID__c"}},
		{"unknown object", func(r *Rules) {
			r.Objects = append(r.Objects, "Deal__c")
			r.Events = append(r.Events, Event{Object: "Deal__c", Field: "X", Operator: OpEquals, Value: "y", Status: "approved"})
		}, []string{"cannot read the fields of Deal__c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := DefaultRules()
			r.Events = LabelEvents()
			tt.change(r)
			err := r.ValidateFields(describe)
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("want ok, got %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("want error mentioning %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Fatalf("err = %v, want it to mention %q", err, w)
				}
			}
		})
	}
}

// Thresholds saved on the old, uncalibrated score scale (format 1) are not
// kept: 0.75 there would auto-apply far weaker candidates on calibrated scores.
func TestOldScaleThresholdsAreReplaced(t *testing.T) {
	r, err := ParseRules([]byte(`{"format":1,"thresholds":{"auto":0.75,"review":0.5,"margin":0.05}}`))
	if err != nil {
		t.Fatal(err)
	}
	if r.Thresholds != DefaultRules().Thresholds || r.Format != RulesFormat {
		t.Fatalf("format 1 thresholds kept: %+v (format %d)", r.Thresholds, r.Format)
	}
	r, err = ParseRules([]byte(`{"format":2,"thresholds":{"auto":0.999,"review":0.1,"margin":0.2}}`))
	if err != nil || r.Thresholds.Auto != 0.999 || r.Thresholds.Review != 0.1 {
		t.Fatalf("format 2 thresholds changed: %+v, %v", r.Thresholds, err)
	}
}
