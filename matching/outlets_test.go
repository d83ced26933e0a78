package matching

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// hotelSite is where the generated hotel of the outlet tests stands.
var hotelSite = Referral{Street: "107 Smithfield Street", PostalCode: "15222", Phone: "412 555 0199"}

// hotelRefs makes the referrals of a hotel and those of its outlets named in outlets.
func hotelRefs(hotel string, withHotel bool, outlets ...string) []Referral {
	var refs []Referral
	if withHotel {
		h := hotelSite
		h.ID, h.Company = "H", hotel
		refs = append(refs, h)
	}
	for _, o := range outlets {
		x := hotelSite
		x.ID, x.Company = "O-"+o, hotel+" "+o
		refs = append(refs, x)
	}
	return refs
}

func outletEntry(hotel, outlet string) SalesEntry {
	return SalesEntry{Company: strings.TrimSpace(hotel + " " + outlet), Street: "107 Smithfield St", Phone: "4125550199"}
}

// TestHotelOutlets: a hotel's restaurant, bar, spa and gift shop share its
// switchboard and street; one name is the other's plus an outlet word.
// With the hotel alone referred, an outlet's record goes to review with the
// hotel (an outlet inside the site, or the site itself), never applied. An
// outlet referred under its own name is applied to itself.
func TestHotelOutlets(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	hotel := coined(r, map[string]bool{}) + " Grand Hotel"
	ix := bizIndex(r, hotelRefs(hotel, true)...)
	for _, o := range []string{"Restaurant", "Bar", "Gift Shop", "Fitness Center"} {
		d := ix.Match(outletEntry(hotel, o), DefaultThresholds())
		mustNotApply(t, d, o)
		if d.Outcome != OutcomeReview || !hasCandidate(d, "H") {
			t.Errorf("%s: %s, want review with the hotel among the candidates", o, d.Outcome)
		}
	}
	ix = bizIndex(r, hotelRefs(hotel, true, "Spa")...)
	mustApply(t, ix.Match(outletEntry(strings.ToUpper(hotel), "SPA"), DefaultThresholds()), "O-Spa", "the spa")
	mustApply(t, ix.Match(SalesEntry{Company: hotel + ", Inc.", Street: "107 Smithfield Street", Phone: "412 555 0199"}, DefaultThresholds()), "H", "the hotel")
}

// TestOutletsReferredOneByOne: where the program refers a hotel and one of
// its outlets each under its own name, it tells the site and its outlets
// apart: the record of another outlet is its own business, never referred,
// and no candidate for a reviewer (not the hotel, not the spa). Where only
// an outlet is referred, the hotel's own record is more than was referred:
// no candidate either.
func TestOutletsReferredOneByOne(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		r := rand.New(rand.NewPCG(seed, 31))
		hotel := coined(r, map[string]bool{}) + " Grand Hotel"
		ix := bizIndex(r, hotelRefs(hotel, true, "Spa")...)
		for _, o := range []string{"Restaurant", "Bar", "Gift Shop"} {
			if d := ix.Match(outletEntry(hotel, o), DefaultThresholds()); d.Outcome != OutcomeNoMatch {
				t.Errorf("seed %d: %s beside the referred hotel and spa is %s %v, want no match", seed, o, d.Outcome, d.Candidates)
			}
		}
		ix = bizIndex(r, hotelRefs(hotel, false, "Restaurant")...)
		for _, e := range []SalesEntry{outletEntry(hotel, ""), outletEntry(hotel, "Bar")} {
			if d := ix.Match(e, DefaultThresholds()); d.Outcome != OutcomeNoMatch {
				t.Errorf("seed %d: %q beside its referred restaurant is %s %v, want no match", seed, e.Company, d.Outcome, d.Candidates)
			}
		}
		mustApply(t, ix.Match(outletEntry(hotel, "Restaurant"), DefaultThresholds()), "O-Restaurant", "the referred restaurant")
	}
}
