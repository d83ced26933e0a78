package matching

import "testing"

func TestCmpFamily(t *testing.T) {
	ix := NewIndex()
	tests := []struct {
		a, b   string
		weight float64
		reason string
	}{
		{"allen", "alan", wFamilyNear, "last names sound alike"},
		{"smyth", "smith", wFamilyTypo, "last names differ by a typo"},
		{"lee", "li", wFamilyDiffer, "different last name"},
		{"jones", "robinson", wFamilyDiffer, "different last name"},
		{"fenwick", "fenwikc", wFamilyTypo, "last names differ by a typo"},  // letters swapped
		{"marlowe", "lmarowee", wFamilyTypo, "last names differ by a typo"}, // letters moved, one more
		{"abernathy", "baernahtys", wFamilyTypo, "last names differ by a typo"},
		{"bates", "abbot", wFamilyDiffer, "different last name"},
	}
	for _, tt := range tests {
		f := ix.cmpFamily(tt.a, tt.b)
		if f.weight != tt.weight || f.reason != tt.reason {
			t.Errorf("cmpFamily(%q, %q) = %.1f %q, want %.1f %q", tt.a, tt.b, f.weight, f.reason, tt.weight, tt.reason)
		}
	}
}

func TestCmpBadMail(t *testing.T) {
	ix := NewIndex()
	tests := []struct {
		entry, referral string
		agree           bool // weighs as an agreeing email
		present         bool // explained at all
	}{
		{"f@holmes@duncan.com", "fholmes@duncan.com", true, true},
		{"oliverjones82bond.biz", "oliverjones82@bond.biz", true, true},
		{"jamesd75collins.biz", "maryk12@other.org", false, false},
		{"f@b@reese.com", "fb@reese.com", true, true},
		{"a@b@c.io", "ab@c.io", false, false},                               // too short to tell
		{"hvan keulen45@hodge.com", "hvankeulen23@hodge.com", false, false}, // another number
		{"", "f@holmes@duncan.com", false, false},
	}
	for _, tt := range tests {
		e := prepareEntry(SalesEntry{Email: tt.entry})
		r := prepareReferral(Referral{ID: "r", Email: tt.referral})
		f := ix.cmpEmail(&e, &r)
		if (f.weight > 0) != tt.agree || (f.field != "") != tt.present {
			t.Errorf("cmpEmail(%q, %q) = %+v, want agree %v present %v", tt.entry, tt.referral, f, tt.agree, tt.present)
		}
	}
}

func TestCmpEmailTypos(t *testing.T) {
	ix := NewIndex()
	tests := []struct {
		entry, referral string
		weight          float64
	}{
		{"jbrooks@hall-lwery.net", "jbrooks@hall-lowery.net", wEmailLocal},
		{"gdavidron@johnson-bsown.com", "gdavidson@johnson-brown.com", wEmailTypo},
		{"barneil72@diaz-clark.com", "barneil47@diaz-clark.com", wEmailDiffer}, // another number: another account
		{"oshepherd14@olf.org", "oshepherd73@wolf.org", wEmailDiffer},
		{"barneil72@diaz-clark.com", "barneil27@diaz-clark.com", wEmailLocalTypo}, // swapped digits: a typo
	}
	for _, tt := range tests {
		e := prepareEntry(SalesEntry{Email: tt.entry})
		r := prepareReferral(Referral{ID: "r", Email: tt.referral})
		if f := ix.cmpEmail(&e, &r); f.weight != tt.weight {
			t.Errorf("cmpEmail(%q, %q) = %+v, want weight %.1f", tt.entry, tt.referral, f, tt.weight)
		}
	}
}

func TestCmpStreetSpacing(t *testing.T) {
	tests := []struct {
		a, b   string
		weight float64
	}{
		{"232 mcmaste r street brinjarry", "232 mcmaster treet brinjarry", wStreetSame},
		{"35 fiskstrneet shopping centre", "35 fisk street shopping centre", wStreetSame},
		{"232 mcmaster street", "23 mcmaster street", wStreetMost}, // house number differs: not the same address
		{"12 leahy close millwood", "21 ennis place millwood", wStreetDiffer},
	}
	for _, tt := range tests {
		e := prepareEntry(SalesEntry{Street: tt.a})
		r := prepareReferral(Referral{ID: "r", Street: tt.b})
		if f := cmpStreet(&e, &r); f.weight != tt.weight {
			t.Errorf("cmpStreet(%q, %q) = %+v, want weight %.1f", tt.a, tt.b, f, tt.weight)
		}
	}
}
