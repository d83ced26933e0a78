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

// TestNamesakeElsewhereIsNoCandidate: a person never referred who shares a
// referred person's full name while street, postal code and city all
// disagree (and no email or phone agrees) is a namesake elsewhere: no
// match, not a weak review. The same person at another street of the same
// city (a move) is still a candidate.
func TestNamesakeElsewhereIsNoCandidate(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		r := rand.New(rand.NewPCG(seed, 21))
		seen := map[string]bool{}
		var given, family []string
		for range 30 {
			given, family = append(given, coined(r, seen)), append(family, coined(r, seen), coined(r, seen))
		}
		ix := NewIndex()
		var refs []Referral
		for i := range 300 {
			x := Referral{ID: fmt.Sprintf("P%03d", i), FirstName: given[r.IntN(len(given))], LastName: family[r.IntN(len(family))],
				Street: fmt.Sprintf("%d %s", 1+r.IntN(90), bizStreets[r.IntN(len(bizStreets))]),
				City:   []string{"Ashford", "Brampton", "Caldwell", "Dunmore"}[r.IntN(4)], PostalCode: fmt.Sprintf("%04d", 2000+r.IntN(50))}
			refs = append(refs, x)
			ix.Add(x)
		}
		p := refs[r.IntN(len(refs))]
		namesake := SalesEntry{FirstName: p.FirstName, LastName: p.LastName, Street: "7 Harbour Road", City: "Elsworth", PostalCode: "7310"}
		if d := ix.Match(namesake, DefaultThresholds()); d.Outcome != OutcomeNoMatch {
			t.Errorf("seed %d: namesake of %s %s elsewhere is %s at %.3f, want no match", seed, p.FirstName, p.LastName, d.Outcome, d.Score)
		}
		moved := SalesEntry{FirstName: p.FirstName, LastName: p.LastName, Street: "7 Harbour Road", City: p.City, PostalCode: p.PostalCode}
		if d := ix.Match(moved, DefaultThresholds()); d.Outcome == OutcomeNoMatch || d.Candidates[0].ReferralID != p.ID {
			t.Errorf("seed %d: %s %s at another street of the same city is %s %v, want %s a candidate", seed, p.FirstName, p.LastName, d.Outcome, d.Candidates, p.ID)
		}
	}
}
