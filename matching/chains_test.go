package matching

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestChainReferralWithoutAddress: a chain of fourteen branches, ten
// referred with their addresses and one referred without any. The name
// tells the chain, not the branch: an entry for a branch at a street no
// referral holds, or one without an address, is no candidate of the
// address-less referral (nor of the branches at other streets), however
// the name is written (a typo, a place added). An entry at a referred
// branch's street is still applied to it.
func TestChainReferralWithoutAddress(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		r := rand.New(rand.NewPCG(seed, 41))
		chain := coined(r, map[string]bool{})
		var refs []Referral
		for i := range 10 {
			refs = append(refs, Referral{ID: fmt.Sprintf("G%02d", i), Company: chain,
				Street: fmt.Sprintf("%d %s", 10+i*7, bizStreets[i%len(bizStreets)]), City: "Pittsburgh", PostalCode: "152" + fmt.Sprint(10+i), Phone: phoneOf(r)})
		}
		refs = append(refs, Referral{ID: "NOADDR", Company: strings.ToUpper(chain), City: "Pittsburgh"})
		ix := bizIndex(r, refs...)
		for _, e := range []SalesEntry{
			{Company: chain, Street: "681 Wood Street", City: "Pittsburgh", PostalCode: "15237"},
			{Company: chain + ", Inc.", Street: "90 Grant St.", City: "Pittsburgh", Phone: phoneOf(r)},
			{Company: chain + ", PITTSBURGH", City: "Pittsburgh"},
			{Company: typo(r, chain), Street: "5 Forbes Avenue", City: "Pittsburgh"},
			{Company: chain, City: "Pittsburgh"},
		} {
			if d := ix.Match(e, DefaultThresholds()); d.Outcome != OutcomeNoMatch {
				t.Errorf("seed %d: %q at %q is %s %v, want no match (which branch is unknown)", seed, e.Company, e.Street, d.Outcome, d.Candidates)
			}
		}
		b := refs[r.IntN(10)]
		mustApply(t, ix.Match(SalesEntry{Company: strings.ToUpper(chain), Street: b.Street, City: "Pittsburgh"}, DefaultThresholds()), b.ID, "branch at "+b.Street)
	}
}

// TestOneBusinessWithoutAddress: a business referred once without an
// address (no chain: no other referral of its name stands elsewhere) is
// still a candidate of its record with an address: the name is the evidence.
func TestOneBusinessWithoutAddress(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 41))
	name := coined(r, map[string]bool{}) + " Bakery"
	ix := bizIndex(r, Referral{ID: "B", Company: name, City: "Pittsburgh"})
	d := ix.Match(SalesEntry{Company: name, Street: "12 Penn Avenue", City: "Pittsburgh"}, DefaultThresholds())
	if d.Outcome == OutcomeNoMatch || d.Candidates[0].ReferralID != "B" {
		t.Errorf("%q with an address beside its referral without one is %s %v, want B a candidate", name, d.Outcome, d.Candidates)
	}
}
