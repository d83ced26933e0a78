package matching

import (
	"strings"
	"testing"
)

// testReferrals is a small program: a nickname, a Gmail address, a household
// sharing one email, and a name-only referral.
var testReferrals = []Referral{
	{ID: "r-bob", ExternalID: "X-1", FirstName: "Robert", LastName: "Smith", Email: "robert.smith@acme.com",
		Phone: "(415) 555-0132", Company: "Acme, Inc.", City: "San Francisco", SalesforceIDs: []string{"003A"}},
	{ID: "r-liz", FirstName: "Elizabeth", LastName: "Taylor", Email: "liztaylor@gmail.com", City: "Leeds"},
	{ID: "r-john", FirstName: "John", LastName: "Brown", Email: "brown.family@example.org", City: "York"},
	{ID: "r-jon", FirstName: "Jon", LastName: "Brown", Email: "brown.family@example.org", City: "York"},
	{ID: "r-ava", FirstName: "Ava", LastName: "Okafor", City: "Bristol"},
	{ID: "r-ava2", FirstName: "Ava", LastName: "Okafor", Street: "12 Mill Lane", PostalCode: "BS1 4DJ", City: "Bristol"},
}

func testIndex() *Index {
	ix := NewIndex()
	for _, r := range testReferrals {
		ix.Add(r)
	}
	return ix
}

func TestMatchDecisions(t *testing.T) {
	ix := testIndex()
	th := DefaultThresholds()
	tests := []struct {
		name    string
		entry   SalesEntry
		outcome Outcome
		method  Method
		reason  string
		id      string // the auto-matched referral, or one that must be among the candidates
	}{
		{"referral id", SalesEntry{ReferralID: "r-liz", FirstName: "Someone", LastName: "Else"}, OutcomeAuto, MethodDirect, "", "r-liz"},
		{"external id", SalesEntry{ExternalID: "X-1"}, OutcomeAuto, MethodDirect, "", "r-bob"},
		{"linked salesforce id", SalesEntry{SalesforceIDs: []string{"006Z", "003A"}}, OutcomeAuto, MethodDirect, "", "r-bob"},
		{"stale referral id falls through to fuzzy", SalesEntry{ReferralID: "r-gone", FirstName: "Bob", LastName: "Smith",
			Email: "Robert.Smith+crm@ACME.com"}, OutcomeAuto, MethodFuzzy, "", "r-bob"},
		{"nickname, gmail dots and plus tag", SalesEntry{FirstName: "Liz", LastName: "Taylor",
			Email: "liz.taylor+promo@googlemail.com"}, OutcomeAuto, MethodFuzzy, "", "r-liz"},
		{"phone and company without email", SalesEntry{FirstName: "Rob", LastName: "Smith", Phone: "+1 415 555 0132",
			Company: "ACME Corporation"}, OutcomeAuto, MethodFuzzy, "", "r-bob"},
		{"swapped names with email", SalesEntry{FirstName: "Taylor", LastName: "Elizabeth", Email: "liztaylor@gmail.com"},
			OutcomeAuto, MethodFuzzy, "", "r-liz"},
		{"household sharing an email is ambiguous", SalesEntry{FirstName: "J", LastName: "Brown",
			Email: "brown.family@example.org"}, OutcomeReview, "", ReasonAmbiguous, "r-john"},
		{"two referrals with the same name and city are ambiguous", SalesEntry{FirstName: "Ava", LastName: "Okafor",
			City: "Bristol"}, OutcomeReview, "", ReasonAmbiguous, "r-ava"},
		{"a lone first name is low confidence", SalesEntry{FirstName: "Elizabeth"}, OutcomeReview, "", ReasonLowConfidence, "r-liz"},
		{"nobody like this", SalesEntry{FirstName: "Zebedee", LastName: "Quux", Email: "zq@nowhere.net", City: "Oslo"},
			OutcomeNoMatch, "", ReasonNoMatch, ""},
		{"empty entry", SalesEntry{}, OutcomeNoMatch, "", ReasonNoMatch, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ix.Match(tt.entry, th)
			if d.Outcome != tt.outcome || d.Method != tt.method || d.Reason != tt.reason {
				t.Fatalf("got outcome %q method %q reason %q (score %.3f, %+v), want %q %q %q",
					d.Outcome, d.Method, d.Reason, d.Score, d.Candidates, tt.outcome, tt.method, tt.reason)
			}
			switch {
			case d.Outcome == OutcomeAuto && d.ReferralID != tt.id:
				t.Errorf("auto-matched %q, want %q", d.ReferralID, tt.id)
			case d.Outcome == OutcomeReview && !hasCandidate(d, tt.id):
				t.Errorf("candidates %+v lack %q", d.Candidates, tt.id)
			}
			if len(d.Candidates) > MaxCandidates {
				t.Errorf("%d candidates, want at most %d", len(d.Candidates), MaxCandidates)
			}
			for i := 1; i < len(d.Candidates); i++ {
				if d.Candidates[i].Score > d.Candidates[i-1].Score {
					t.Errorf("candidates not ranked: %v", d.Candidates)
				}
			}
		})
	}
}

func TestMatchExplanation(t *testing.T) {
	ix := testIndex()
	d := ix.Match(SalesEntry{FirstName: "Bob", LastName: "Smyth", Email: "robert.smith@acme.com", City: "Oakland"}, DefaultThresholds())
	if d.Outcome != OutcomeAuto || len(d.Candidates) != 1 {
		t.Fatalf("got %+v, want an auto match with its explanation", d)
	}
	want := map[string]string{ // field → words its reason must contain
		"email":      "same email",
		"first_name": "short form",
		"last_name":  "typo",
		"city":       "different city",
	}
	got := map[string]FieldScore{}
	for _, f := range d.Candidates[0].Fields {
		got[f.Field] = f
	}
	for field, words := range want {
		f, ok := got[field]
		if !ok || !strings.Contains(f.Reason, words) {
			t.Errorf("field %s: got %+v, want a reason containing %q", field, f, words)
		}
	}
	if got["email"].Contribution <= 0 || got["city"].Contribution >= 0 {
		t.Errorf("contributions: email %.3f should be positive, city %.3f negative", got["email"].Contribution, got["city"].Contribution)
	}
	if _, ok := got["phone"]; ok {
		t.Errorf("phone missing on the entry must not be explained as evidence: %+v", got["phone"])
	}
}

func TestThresholdsAreConfiguration(t *testing.T) {
	ix := testIndex()
	e := SalesEntry{FirstName: "Bob", LastName: "Smith", Email: "robert.smith@acme.com"}
	strict := Thresholds{Auto: 1.01, Review: 0.5, Margin: 0.1}
	if d := ix.Match(e, strict); d.Outcome != OutcomeReview || d.Reason != ReasonLowConfidence {
		t.Errorf("auto threshold above any score: got %q %q, want review low_confidence", d.Outcome, d.Reason)
	}
	none := Thresholds{Auto: 1.01, Review: 1.01, Margin: 0.1}
	if d := ix.Match(e, none); d.Outcome != OutcomeNoMatch {
		t.Errorf("review threshold above any score: got %q, want no_match", d.Outcome)
	}
}

// TestColleaguesWithCloseEmailsNotAuto: two people at one company whose
// addresses differ by one letter, and whose first names differ, are not one person.
func TestColleaguesWithCloseEmailsNotAuto(t *testing.T) {
	ix := NewIndex()
	ix.Add(Referral{ID: "r1", FirstName: "Jane", LastName: "Smith", Email: "j.smith@acme.com"})
	for _, e := range []SalesEntry{
		{FirstName: "John", LastName: "Smyth", Email: "j.smyth@acme.com"},
		{FirstName: "Joan", LastName: "Smith", Email: "j.smith1@acme.com", City: "Leeds"},
	} {
		if d := ix.Match(e, DefaultThresholds()); d.Outcome == OutcomeAuto {
			t.Errorf("%+v: auto-matched (score %.3f), want review", e, d.Score)
		}
	}
}
