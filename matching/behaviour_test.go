package matching

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// Stress sets for each behaviour of the matching issue on business records.
// Each is generated (invented names, so no word list can be tuned to them)
// and asserts what a user sees: applied, review, or not applied.

// bizIndex indexes referrals plus filler businesses, so word rarity is
// measured among a program of realistic size.
func bizIndex(r *rand.Rand, refs ...Referral) *Index {
	ix := NewIndex()
	seen := map[string]bool{}
	for i := range 150 {
		ix.Add(Referral{ID: fmt.Sprintf("F%03d", i), Company: coined(r, seen) + " " + bizKinds[r.IntN(len(bizKinds))],
			Street: fmt.Sprintf("%d %s", 1+r.IntN(900), bizStreets[r.IntN(len(bizStreets))]), Phone: phoneOf(r)})
	}
	for _, x := range refs {
		ix.Add(x)
	}
	return ix
}

func mustNotApply(t *testing.T, d Decision, what string) {
	t.Helper()
	if d.Outcome == OutcomeAuto {
		t.Errorf("%s: applied to %s at %.3f", what, d.ReferralID, d.Score)
	}
}

func mustApply(t *testing.T, d Decision, id, what string) {
	t.Helper()
	if d.Outcome != OutcomeAuto || d.ReferralID != id {
		t.Errorf("%s: %s %s (score %.3f), want applied to %s; %+v", what, d.Outcome, d.ReferralID, d.Score, id, d.Candidates)
	}
}

// TestTowerOfTenants: tenants of one tower share its street address and
// often its switchboard, and their names share "Group" or "Consulting". A
// tenant never referred is not applied to a neighbour; a referred one is
// applied to itself.
func TestTowerOfTenants(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		r := rand.New(rand.NewPCG(seed, 1))
		seen := map[string]bool{}
		var tenants []Referral
		for i := range 20 {
			tenants = append(tenants, Referral{ID: fmt.Sprintf("T%02d", i), Company: coined(r, seen) + " " + []string{"Group", "Consulting", "Consulting Group"}[i%3],
				Street: "600 Grant Street", PostalCode: "15219", Phone: "412 555 0100"})
		}
		ix := bizIndex(r, tenants[:14]...)
		for i, x := range tenants {
			e := SalesEntry{Company: strings.ToUpper(x.Company) + ", LLC", Street: "600 Grant St.", PostalCode: "15219", Phone: "(412) 555-0100"}
			d := ix.Match(e, DefaultThresholds())
			if i < 14 {
				mustApply(t, d, x.ID, "referred tenant "+x.Company)
			} else {
				mustNotApply(t, d, "unreferred tenant "+x.Company)
			}
		}
	}
}

// TestChainBranches: fourteen branches of one chain; the entry with the
// exact name and street but no postal code is applied to its branch (the
// branches on other streets are not rivals), a fifteenth branch never
// referred is not applied, and the chain's name alone applies nothing.
func TestChainBranches(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 14))
	chain := coined(r, map[string]bool{})
	var branches []Referral
	for i := range 14 {
		branches = append(branches, Referral{ID: fmt.Sprintf("G%02d", i), Company: chain + " Ltd",
			Street: fmt.Sprintf("%d %s", 10+i*7, bizStreets[i%len(bizStreets)]), PostalCode: fmt.Sprintf("EH%d 1AB", i), Phone: phoneOf(r)})
	}
	ix := bizIndex(r, branches...)
	for _, b := range branches {
		mustApply(t, ix.Match(SalesEntry{Company: strings.ToUpper(chain), Street: b.Street}, DefaultThresholds()), b.ID, "branch at "+b.Street)
	}
	mustNotApply(t, ix.Match(SalesEntry{Company: chain, Street: "999 Forbes Avenue", Phone: phoneOf(r)}, DefaultThresholds()), "unreferred branch")
	mustNotApply(t, ix.Match(SalesEntry{Company: chain + " Limited"}, DefaultThresholds()), "the chain's name alone")
}

// TestCommonWordTwoBusinesses: names sharing only a word of a kind are two
// businesses at the same address.
func TestCommonWordTwoBusinesses(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	ix := bizIndex(r,
		Referral{ID: "A", Company: "Adolfo's Restaurant", Street: "1 Liberty Ave", Phone: "412 555 0001"},
		Referral{ID: "P", Company: "Pie Bar", Street: "5 Penn Ave", Phone: "412 555 0002"},
		Referral{ID: "D", Company: "Dormont Lanes", Street: "9 Wood St"},
		Referral{ID: "W", Company: "Wyndham Grand Pittsburgh", Street: "600 Commonwealth Pl", City: "Pittsburgh"})
	for _, e := range []SalesEntry{
		{Company: "Lomito Restaurant", Street: "1 Liberty Avenue", Phone: "412 555 0001"},
		{Company: "IVP Bar & Grill", Street: "5 Penn Avenue"},
		{Company: "Hollywood Lanes", Street: "9 Wood Street"},
		{Company: "Pittsburgh Hilton", Street: "600 Commonwealth Place", City: "Pittsburgh"},
		{Company: "Northwind Traders", Street: "1 Liberty Avenue", Phone: "412 555 0001"},
	} {
		mustNotApply(t, ix.Match(e, DefaultThresholds()), e.Company)
	}
}

// TestWordsAndDecisionAgree: whatever a candidate's explanation calls a
// conflict, another site or an outlet is never applied, over a generated
// city of businesses.
func TestWordsAndDecisionAgree(t *testing.T) {
	refs, ents := bizBench(5)
	ix := NewIndex()
	for _, x := range refs {
		ix.Add(x.Referral)
	}
	for _, e := range ents {
		d := ix.Match(e.SalesEntry, DefaultThresholds())
		if d.Outcome != OutcomeAuto || d.Method != MethodFuzzy {
			continue
		}
		for _, f := range d.Candidates[0].Fields {
			for _, w := range []string{"conflict", "another site", "outlet", "two businesses", "probably"} {
				if strings.Contains(f.Reason, w) {
					t.Errorf("%q applied although its %s line says %q", e.Company, f.Field, f.Reason)
				}
			}
		}
	}
}

// TestAddressForms: ordinals spelt out, a cross-street tail, "New York City"
// are the same address; half an address (the house number alone, a street
// without a number) is not an address.
func TestAddressForms(t *testing.T) {
	same := [][2]string{{"156 second ave.", "156 2nd ave. at 10th st."}, {"12 W 15th St between 15th and 16th sts.", "12 West 15th Street"},
		{"300 First Avenue", "300 1st Ave"}}
	for _, p := range same {
		e, r := prepare("", "", "", "", "", p[0], "", "", "", ""), prepare("", "", "", "", "", p[1], "", "", "", "")
		if f := cmpStreet(&e, &r); f.weight != wStreetSame {
			t.Errorf("%q vs %q: %q, want the same street address", p[0], p[1], f.reason)
		}
	}
	half := [][2]string{{"107 6th St", "107 Smithfield Street"}, {"Smithfield Street", "107 Smithfield Street"}}
	for _, p := range half {
		e, r := prepare("", "", "", "", "", p[0], "", "", "", ""), prepare("", "", "", "", "", p[1], "", "", "", "")
		if f := cmpStreet(&e, &r); f.weight >= wStreetMost {
			t.Errorf("%q vs %q: %q (%.1f), want half an address", p[0], p[1], f.reason, f.weight)
		}
	}
	ix := bizIndex(rand.New(rand.NewPCG(6, 6)), Referral{ID: "V", Company: "Veselka Diner", Street: "156 2nd Ave. at 10th St.", City: "New York City"})
	mustApply(t, ix.Match(SalesEntry{Company: "VESELKA DINER", Street: "156 second ave.", City: "new york"}, DefaultThresholds()), "V", "ordinal and cross street")
	ix = bizIndex(rand.New(rand.NewPCG(7, 7)), Referral{ID: "L", Company: "Lomito Bakery", Street: "107 6th St", PostalCode: "15222"})
	mustNotApply(t, ix.Match(SalesEntry{Company: "Kaleido Bakery", Street: "107 Smithfield Street", PostalCode: "15222"}, DefaultThresholds()),
		"house number and postal code alone")
}

// TestPhoneOneDigitApart: a phone a digit off is a typo, not another site.
func TestPhoneOneDigitApart(t *testing.T) {
	e, r := prepare("", "", "", "412 555 0199", "", "", "", "", "", ""), prepare("", "", "", "412 555 0198", "", "", "", "", "", "")
	f := cmpPhone(&e, &r)
	if f.weight < 0 || f.hold || strings.Contains(f.reason, "another") {
		t.Errorf("one digit apart: %+v, want a typo, not another number", f)
	}
	ix := bizIndex(rand.New(rand.NewPCG(8, 8)), Referral{ID: "K", Company: "Kalomi Dental", Street: "40 Wood St", Phone: "412 555 0199"})
	mustApply(t, ix.Match(SalesEntry{Company: "Kalomi Dental", Street: "40 Wood Street", Phone: "412-555-0198"}, DefaultThresholds()), "K", "phone typo")
}

// TestPeopleNotApplied: the same mailbox at another domain in another city,
// and a rare first name with a surname a letter off and nothing else, are not
// applied.
func TestPeopleNotApplied(t *testing.T) {
	ix := rarityIndex()
	ix.Add(Referral{ID: "r-ed", FirstName: "Edward", LastName: "Wainwright", Email: "edward.w@flores.com", City: "Leeds"})
	mustNotApply(t, ix.Match(SalesEntry{FirstName: "Edward", LastName: "Wainwright", Email: "edward.w@collins.net", City: "Bath"}, DefaultThresholds()),
		"same mailbox at another domain, other city")
	mustNotApply(t, ix.Match(SalesEntry{FirstName: "Theodora", LastName: "Quennel"}, DefaultThresholds()), "rare name, surname a letter off")
	mustApply(t, ix.Match(SalesEntry{FirstName: "Theodora", LastName: "Quennell", City: "Leeds"}, DefaultThresholds()), "r-rare", "rare name and city")
}

// TestOrganisationNameEvidence: on names alone, a distinctive exact name is
// applied whatever its legal form, case, punctuation, word order or trailing
// place; a name many referrals share is not.
func TestOrganisationNameEvidence(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	ix := NewIndex()
	seen := map[string]bool{}
	for i := range 80 {
		ix.Add(Referral{ID: fmt.Sprintf("O%02d", i), Company: coined(r, seen) + " " + coined(r, seen) + " N.V."})
	}
	ix.Add(Referral{ID: "AK", Company: "AKZO NOBEL N.V."})
	for i := range 5 {
		ix.Add(Referral{ID: fmt.Sprintf("SH%d", i), Company: "Shell Nederland B.V."})
	}
	for _, name := range []string{"Akzo Nobel NV, ARNHEM", "akzo nobel n. v.", "NOBEL, AKZO", "AKZO NOBEL B.V. (NEDERLAND)"} {
		mustApply(t, ix.Match(SalesEntry{Company: name}, DefaultThresholds()), "AK", name)
	}
	mustNotApply(t, ix.Match(SalesEntry{Company: "SHELL NEDERLAND BV"}, DefaultThresholds()), "a name five referrals share")
}

// TestPersonStreetWithoutNumber: a person's street without a house number,
// in the same postal code and town, beside the same name, identifies (a
// street narrows a postal code to a few households); another surname on
// that street is a neighbour, not applied.
func TestPersonStreetWithoutNumber(t *testing.T) {
	ix := rarityIndex()
	ix.Add(Referral{ID: "r-street", FirstName: "Jade", LastName: "Arkwell", Street: "56 Carlile Street", City: "Kempsey", PostalCode: "2440"})
	mustApply(t, ix.Match(SalesEntry{FirstName: "Jayde", LastName: "Arkwell", Street: "Carlile St", City: "Kempsey", PostalCode: "2440"},
		DefaultThresholds()), "r-street", "same person, street without a house number")
	mustNotApply(t, ix.Match(SalesEntry{FirstName: "Jade", LastName: "Moreton", Street: "Carlile St", City: "Kempsey", PostalCode: "2440"},
		DefaultThresholds()), "a neighbour on the same street")
}

// TestCompanySpacedDifferently: a name written as one word on one side and
// two on the other ("LaBella", "La Bella"; "Bunnyland", "Bunny Land") is the
// same name.
func TestCompanySpacedDifferently(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 11))
	seen := map[string]bool{}
	for _, p := range [][2]string{{"La", strings.ToLower(coined(r, seen))}, {"De", strings.ToLower(coined(r, seen))}} {
		ix := bizIndex(r, Referral{ID: "J", Company: "Northgate " + p[0] + p[1], Street: "545 W 119th Street", Phone: "773 555 0120"})
		mustApply(t, ix.Match(SalesEntry{Company: p[0] + " " + p[1], Street: "545 w 119th st", Phone: "7735550120"}, DefaultThresholds()),
			"J", p[0]+" "+p[1]+" spaced as two words")
	}
}
