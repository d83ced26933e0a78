package matching

import (
	"fmt"
	"math"
	"testing"
)

// TestBaselineRules pins the three exact rules: the referral id; else the one
// referral with the same email; else the one with the same normalised company
// name and the same house number or phone. Two referrals under one rule
// apply nothing.
func TestBaselineRules(t *testing.T) {
	refs := []LabeledReferral{
		{Entity: "a", Referral: Referral{ID: "R1", Email: "Ada@Example.com"}},
		{Entity: "b", Referral: Referral{ID: "R2", Company: "Acme Tools, Inc.", Street: "100 Market St", Phone: "415 555 0100"}},
		{Entity: "c", Referral: Referral{ID: "R3", Company: "Acme Tools LLC", Street: "200 Pine St"}},
		{Entity: "d", Referral: Referral{ID: "R4", Email: "twin@example.com"}},
		{Entity: "e", Referral: Referral{ID: "R5", Email: "twin@example.com"}},
	}
	x := newExactRules(refs)
	tests := []struct {
		e    SalesEntry
		want string
	}{
		{SalesEntry{ReferralID: "R3", Email: "ada@example.com"}, "R3"},
		{SalesEntry{Email: "ada@example.com "}, "R1"},
		{SalesEntry{Email: "twin@example.com"}, ""},
		{SalesEntry{Company: "ACME TOOLS", Street: "200 Pine Street"}, "R3"},
		{SalesEntry{Company: "Acme Tools", Phone: "(415) 555-0100"}, "R2"},
		{SalesEntry{Company: "Acme Tools"}, ""},
		{SalesEntry{Company: "Acme Tool", Street: "100 Market St"}, ""},
	}
	for _, tt := range tests {
		if got := x.match(tt.e); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.e, got, tt.want)
		}
	}
	b := RunBaseline(refs, []LabeledEntry{
		{Entity: "a", SalesEntry: SalesEntry{Email: "ada@example.com"}},
		{Entity: "zz", SalesEntry: SalesEntry{Company: "Acme Tools", Street: "100 Market Street"}},
		{Entity: "c", SalesEntry: SalesEntry{Company: "Acme"}},
	})
	if b.AutoMatched != 2 || b.AutoCorrect != 1 || b.AutoPrecision != 0.5 || b.AutoRecall != 0.5 {
		t.Errorf("baseline %+v, want 2 applied, 1 right, precision and recall 0.5", b)
	}
}

// TestReviewYieldAndTrueScoreInDecision: review yield counts review entries
// holding their true referral, and --errors gives the true referral's score
// beside its rival (two sites at one address share the chance), not alone.
func TestReviewYieldAndTrueScoreInDecision(t *testing.T) {
	refs := []LabeledReferral{
		{Entity: "x", Referral: Referral{ID: "R1", FirstName: "Jo", LastName: "March", City: "Concord"}},
		{Entity: "y", Referral: Referral{ID: "R2", FirstName: "Jo", LastName: "March", City: "Concord"}},
	}
	for i := range 30 {
		refs = append(refs, LabeledReferral{Entity: fmt.Sprint("f", i), Referral: Referral{ID: fmt.Sprint("F", i),
			FirstName: fmt.Sprint("Given", i), LastName: fmt.Sprint("Family", i), City: "Boston"}})
	}
	ents := []LabeledEntry{{ID: "E1", Entity: "y", SalesEntry: SalesEntry{FirstName: "Jo", LastName: "March", City: "Concord"}}}
	res := RunBench(refs, ents, DefaultThresholds())
	if res.Review != 1 || res.ReviewWithTrueCandidate != 1 || res.ReviewYield != 1 {
		t.Fatalf("review %d, with true %d, yield %.2f; want one review holding its true referral", res.Review, res.ReviewWithTrueCandidate, res.ReviewYield)
	}
	if len(res.Errors) != 1 || res.Errors[0].True != "R2" {
		t.Fatalf("errors %+v, want the missed review of R2", res.Errors)
	}
	ix := NewIndex()
	for _, r := range refs {
		ix.Add(r.Referral)
	}
	alone, _ := ix.Explain(ents[0].SalesEntry, "R2")
	within := res.Errors[0].TrueScore
	if math.Abs(within-round3(alone.Score)) < 1e-9 && len(ix.Match(ents[0].SalesEntry, DefaultThresholds()).Candidates) > 1 {
		t.Errorf("true score %.3f is the score alone; want it beside its twin", within)
	}
	d := ix.Match(ents[0].SalesEntry, DefaultThresholds())
	for _, c := range d.Candidates {
		if c.ReferralID == "R2" && math.Abs(round3(c.Score)-within) > 1e-9 {
			t.Errorf("true score %.3f, the decision shows %.3f", within, c.Score)
		}
	}
}
