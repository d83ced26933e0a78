package matching

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestKindWordIsNoCandidate: an unreferred business whose name shares with
// a referred one only a word of its kind ("Grand", rare enough in a small
// program to look distinctive) while their own names disagree, and nothing
// identifying agrees (another phone and street, same city and postal
// code), is no match, not a weak candidate wasting a reviewer's time. A
// site listed under two parents, sharing its own rare name, still reaches
// review.
func TestKindWordIsNoCandidate(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		r := rand.New(rand.NewPCG(seed, 20))
		seen := map[string]bool{}
		var refs []Referral
		for i := range 6 {
			refs = append(refs, Referral{ID: fmt.Sprintf("H%d", i), Company: coined(r, seen) + " Grand Hotel",
				Street: fmt.Sprintf("%d Penn Avenue", 100+i), City: "Pittsburgh", PostalCode: "15212"})
		}
		site := coined(r, seen)
		refs = append(refs, Referral{ID: "S1", Company: coined(r, seen) + " - " + site + " Day Care",
			Street: "12 Wood Street", City: "Pittsburgh", PostalCode: "15212", Phone: phoneOf(r)})
		ix := bizIndex(r, refs...)
		for _, e := range []SalesEntry{
			{Company: coined(r, seen) + " Grand Hotel", City: "Pittsburgh", PostalCode: "15212"},
			{Company: coined(r, seen) + " Grand Hotel Bar", City: "Pittsburgh", Phone: phoneOf(r)},
		} {
			if d := ix.Match(e, DefaultThresholds()); d.Outcome != OutcomeNoMatch {
				t.Errorf("seed %d: %q (an unreferred hotel) is %s at %.3f beside %v, want no match", seed, e.Company, d.Outcome, d.Score, d.Candidates)
			}
		}
		e := SalesEntry{Company: coined(r, seen) + " - " + site + " Day Care", City: "Pittsburgh", PostalCode: "15212", Phone: phoneOf(r)}
		if d := ix.Match(e, DefaultThresholds()); d.Outcome != OutcomeReview || len(d.Candidates) == 0 || d.Candidates[0].ReferralID != "S1" {
			t.Errorf("seed %d: %q (the site under another parent) is %s %v, want review with S1", seed, e.Company, d.Outcome, d.Candidates)
		}
	}
}
