package web

import (
	"testing"

	"github.com/refsync/refsync/matching"
)

// The entry page names the record and the rule as a person reads them.
func TestRecordTitleAndRuleText(t *testing.T) {
	for _, tc := range []struct {
		snap map[string]any
		want string
	}{
		{map[string]any{"Name": " Acme renewal ", "FirstName": "Ann"}, "Acme renewal"},
		{map[string]any{"FirstName": "Ann", "LastName": "Smith", "Company": "Acme"}, "Ann Smith"},
		{map[string]any{"LastName": "Smith"}, "Smith"},
		{map[string]any{"Company": "Acme", "Name": nil}, "Acme"},
		{map[string]any{"Id": "00Q"}, ""},
	} {
		if got := recordTitle(tc.snap); got != tc.want {
			t.Errorf("recordTitle(%v) = %q, want %q", tc.snap, got, tc.want)
		}
	}
	label := func(f string) string { return map[string]string{"StageName": "Stage", "IsWon": "Won"}[f] }
	for rule, want := range map[string]string{
		`Opportunity.StageName entered "Closed Won" → won`: `Opportunity Stage entered "Closed Won" → won`,
		`Opportunity.IsWon became true → won`:              `Opportunity Won became true → won`,
		`webhook from api asked for approved`:              `webhook from api asked for approved`,
		``:                                                 ``,
	} {
		if got := ruleText(&matching.Entry{Object: "Opportunity", Rule: rule}, label); got != want {
			t.Errorf("ruleText(%q) = %q, want %q", rule, got, want)
		}
	}
}
