package web

import (
	"strings"
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

// The matcher's verdicts (a conflict, a score held back) read as one line
// beside the fields, not as a field with empty values at 0 %.
func TestCandidateVerdictRowsAreNoFields(t *testing.T) {
	app := newTestApp(t)
	ann, _, _ := app.seed()
	e := app.addEntry(&matching.Entry{Object: "Lead", RecordID: "00QVERDICT0000001", Modstamp: "2026-11-01T00:00:00.000Z",
		Snapshot: map[string]any{"Id": "00QVERDICT0000001", "FirstName": "Ann", "LastName": "Smith", "Company": "Globex"},
		Outcome:  matching.EntryReview, Reason: matching.ReasonConflict,
		Candidates: []matching.Candidate{{ReferralID: ann.ID, Score: 0.89, Fields: []matching.FieldScore{
			{Field: "last_name", Similarity: 1, Contribution: 0.2, Reason: "same last name"},
			{Field: "conflict", Reason: "same name, but another company name"},
			{Field: "held", Contribution: -0.5, Reason: "the fields above say another site: the score is held below certainty"},
		}}}})
	body := app.signedIn("rev@example.com", "reviewer").get("/entries/" + itoa(e.ID)).Body
	if !strings.Contains(body, `<tr class="why verdict-row"><th scope="row">Held back</th><td colspan="3">the fields above say another site`) {
		t.Errorf("the held-back verdict is not one line:\n%s", body)
	}
	if !strings.Contains(body, `<th scope="row">Conflict</th><td colspan="3">same name, but another company name — <span class="weighs">never applied automatically</span>`) {
		t.Errorf("the conflict line does not say it keeps the entry from being applied:\n%s", body)
	}
	if strings.Contains(body, `<th scope="row">held</th>`) || strings.Contains(body, `<th scope="row">Held back</th><td data-label="Salesforce">`) {
		t.Error("the held-back verdict is shown as a field")
	}
	if !strings.Contains(body, `<h1>Entry #`+itoa(e.ID)+`: Lead “Ann Smith”`) {
		t.Error("the heading does not name the Lead")
	}
}
