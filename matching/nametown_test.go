package matching

import (
	"math/rand/v2"
	"testing"
)

// TestOneNameAndTownFindsThePerson: among 50,000 people whose given names
// and towns repeat, an entry with one name mistyped at its first letter (so
// its sound and spelling keys differ) or missing, no email, and the town
// still finds its referral among the candidates: the other name with the
// town is a key of its own.
func TestOneNameAndTownFindsThePerson(t *testing.T) {
	p := loadPools(t)
	r := rand.New(rand.NewPCG(11, 61))
	ix := NewIndex()
	refs := make([]Referral, 50_000)
	for i := range refs {
		refs[i] = p.person(r, i)
		ix.Add(refs[i])
	}
	for range 300 {
		x := refs[r.IntN(len(refs))]
		if len(x.LastName) < 4 || len(x.FirstName) < 3 {
			continue
		}
		for _, e := range []SalesEntry{
			{FirstName: x.FirstName, LastName: "q" + x.LastName[1:], City: x.City},
			{FirstName: x.FirstName, City: x.City},
			{FirstName: "z" + x.FirstName[1:], LastName: x.LastName, City: x.City},
		} {
			if d := ix.Match(e, DefaultThresholds()); d.Outcome == OutcomeNoMatch || d.Outcome == OutcomeAuto && d.ReferralID != x.ID ||
				d.Outcome == OutcomeReview && !hasCandidate(d, x.ID) {
				t.Errorf("%s %s of %s, written %q %q: %s %v, want %s among the candidates", x.FirstName, x.LastName, x.City, e.FirstName, e.LastName, d.Outcome, d.Candidates, x.ID)
			}
		}
	}
}
