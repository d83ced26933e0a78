package matching

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestNamesALetterApart: a short name mistyped by one letter ("Fido" as
// "Fifo", "Cota" as "ota") at the referral's street address or phone is a
// candidate for a person, never applied automatically; with nothing but the
// name agreeing it is no candidate (two businesses may be named so).
func TestNamesALetterApart(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 51))
	ix := bizIndex(r,
		Referral{ID: "F", Company: "Fido Consulting Group", Street: "633 Liberty Avenue", PostalCode: "15229", Phone: "412 334 6851"},
		Referral{ID: "C", Company: "Cota Consulting", Street: "845 Penn Ave.", PostalCode: "15239", Phone: "412 539 5063"},
		Referral{ID: "N", Company: "Nene Consulting Group", Phone: "412 577 1867"})
	for _, tt := range []struct {
		e    SalesEntry
		want string
	}{
		{SalesEntry{Company: "Fifo Consulting Group, PITTSBURGH", Street: "633 Liberty Avenue", PostalCode: "15229"}, "F"},
		{SalesEntry{Company: "ota Consulting", Street: "845 Penn Avenue", Phone: "412 539 5063"}, "C"},
		{SalesEntry{Company: "NEE CONSULTING GROUP", Street: "511 Liberty Avenue", Phone: "412 577 1867"}, "N"},
	} {
		d := ix.Match(tt.e, DefaultThresholds())
		if d.Outcome != OutcomeReview || d.Candidates[0].ReferralID != tt.want {
			t.Errorf("%q: %s %v, want review with %s first", tt.e.Company, d.Outcome, d.Candidates, tt.want)
		}
	}
	if d := ix.Match(SalesEntry{Company: "Fifo Consulting Group", Street: "12 Wood Street"}, DefaultThresholds()); d.Outcome != OutcomeNoMatch {
		t.Errorf("a name a letter apart with nothing else agreeing is %s %v, want no match", d.Outcome, d.Candidates)
	}
}

// TestShortFormDropsVowels: a short form drops letters, mostly vowels
// ("Intl", "Ctr"); a shorter name whose letters merely occur in order in a
// longer one ("Luka" in "Lugekta", "Taro" in "Tabrido") is another name:
// tenants of one tower so named are two businesses.
func TestShortFormDropsVowels(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 51))
	ix := bizIndex(r,
		Referral{ID: "L", Company: "Lugekta Consulting Group", Street: "156 Grant Street", PostalCode: "15218", Phone: "412 212 0700"},
		Referral{ID: "T", Company: "Tabrido Group", Street: "20 Wood Street", PostalCode: "15222"},
		Referral{ID: "I", Company: "Kelvara International Trade Center", Street: "4 Penn Avenue", PostalCode: "15222"})
	for _, e := range []SalesEntry{
		{Company: "Luka Consulting Group", Street: "156 Grant Street", PostalCode: "15218", Phone: "412 212 0793"},
		{Company: "Taro Group, Inc.", Street: "20 Wood Street", PostalCode: "15222"},
	} {
		if d := ix.Match(e, DefaultThresholds()); d.Outcome != OutcomeNoMatch {
			t.Errorf("%q: %s %v, want no match (another tenant)", e.Company, d.Outcome, d.Candidates)
		}
	}
	mustApply(t, ix.Match(SalesEntry{Company: "Kelvara Intl Trade Ctr", Street: "4 Penn Ave", PostalCode: "15222"}, DefaultThresholds()), "I", "short forms")
}

// TestKindAtAnotherStreet: in a program with few bowling alleys "Lanes" is
// rare, yet two alleys whose own names disagree, at two street addresses of
// one postal district, are two businesses: no candidate.
func TestKindAtAnotherStreet(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 51))
	ix := NewIndex()
	seen := map[string]bool{}
	for i := range 150 {
		kind := bizKinds[r.IntN(len(bizKinds))]
		if kind == "Lanes" {
			kind = "Bakery"
		}
		ix.Add(Referral{ID: fmt.Sprintf("F%03d", i), Company: coined(r, seen) + " " + kind,
			Street: fmt.Sprintf("%d %s", 1+r.IntN(900), bizStreets[r.IntN(len(bizStreets))]), Phone: phoneOf(r)})
	}
	ix.Add(Referral{ID: "G", Company: coined(r, seen) + " Lanes, PITTSBURGH", Street: "779 Wood Street", City: "Pittsburgh", PostalCode: "15235"})
	e := SalesEntry{Company: coined(r, seen) + " Lanes, PITTSBURGH", Street: "100 Grant St.", City: "Pittsburgh", PostalCode: "15235", Phone: "412 725 9743"}
	if d := ix.Match(e, DefaultThresholds()); d.Outcome != OutcomeNoMatch {
		t.Errorf("%q: %s %v, want no match", e.Company, d.Outcome, d.Candidates)
	}
}
