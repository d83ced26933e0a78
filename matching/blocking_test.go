package matching

import (
	"fmt"
	"testing"
)

// TestNameFindsEmail checks that a name on one side finds a referral whose
// email spells it on the other, in both directions, while names alone do not
// link by their first letters.
func TestNameFindsEmail(t *testing.T) {
	ix := NewIndex()
	ix.Add(Referral{ID: "r-mail", Email: "muhammadp5@williams.com", City: "Bournemouth"})
	ix.Add(Referral{ID: "r-name", FirstName: "Florence", City: "Plymouth"})
	ix.Add(Referral{ID: "r-other", FirstName: "Muhammed", LastName: "Pattinson", City: "Leeds"})
	tests := []struct {
		name  string
		entry SalesEntry
		want  string // referral that must be among the candidates
		not   string // referral that must not be a candidate
	}{
		{"entry name, referral email", SalesEntry{FirstName: "Muhammad", LastName: "Patterson"}, "r-mail", ""},
		{"entry email, referral name", SalesEntry{Email: "florencewilson@byrd.com", City: "Plymouth"}, "r-name", ""},
		{"names do not link by prefix", SalesEntry{FirstName: "Flora"}, "", "r-name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ix.Match(tt.entry, DefaultThresholds())
			if tt.want != "" && !hasCandidate(d, tt.want) {
				t.Errorf("candidates %+v lack %q", d.Candidates, tt.want)
			}
			if tt.not != "" && hasCandidate(d, tt.not) {
				t.Errorf("candidates %+v include %q", d.Candidates, tt.not)
			}
			if d.Outcome == OutcomeAuto {
				t.Errorf("auto-matched %q on a name spelled in an email alone", d.ReferralID)
			}
		})
	}
}

func TestOnlyNumberDiffers(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"sam62", "sam296", true},
		{"j.smith", "j.smith1", true},
		{"sam62", "sam62", false},
		{"robert255", "roberta25", false},
		{"jsmith", "jsmyth", false},
	}
	for _, tt := range tests {
		if got := onlyNumberDiffers(tt.a, tt.b); got != tt.want {
			t.Errorf("onlyNumberDiffers(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestAddressFindsReferral checks that a postal code with the house number
// finds a referral whose names were mangled beyond the name keys, among many
// referrals sharing the entry's given name.
func TestAddressFindsReferral(t *testing.T) {
	ix := NewIndex()
	for i := range 40 {
		ix.Add(Referral{ID: fmt.Sprint("h", i), FirstName: "Harry", LastName: fmt.Sprintf("Other%c%c", 'a'+i%26, 'a'+i/26),
			Street: fmt.Sprintf("%d some street", i+100), PostalCode: fmt.Sprint(3000 + i), City: "Elsewhere"})
	}
	ix.Add(Referral{ID: "r-true", FirstName: "William", LastName: "Rei D", Street: "5 roper pace robley uhouse",
		PostalCode: "5032", City: "Yagoona"})
	d := ix.Match(SalesEntry{FirstName: "Harry", LastName: "Reid", Street: "5 roper place robley house",
		PostalCode: "5032", City: "Yagoona"}, DefaultThresholds())
	if !hasCandidate(d, "r-true") {
		t.Errorf("candidates %+v lack the referral at the same address", d.Candidates)
	}
}

// TestMangledEmailFindsReferral checks the keys of a malformed address and of
// a domain with swapped letters.
func TestMangledEmailFindsReferral(t *testing.T) {
	ix := NewIndex()
	ix.Add(Referral{ID: "r-bad", FirstName: "Oliver", LastName: "Jones", Email: "oliverjones82@bond.biz"})
	ix.Add(Referral{ID: "r-dom", Email: "aw@thompson.com", City: "Leeds"})
	for i := range 30 {
		ix.Add(Referral{ID: fmt.Sprint("o", i), FirstName: "Oliver", LastName: fmt.Sprintf("Other%c%c", 'a'+i%26, 'a'+i/26)})
	}
	tests := []struct {
		entry SalesEntry
		want  string
	}{
		{SalesEntry{Email: "oliverjones82bond.biz"}, "r-bad"},
		{SalesEntry{LastName: "West", Email: "aw@thpmoson.com"}, "r-dom"},
	}
	for _, tt := range tests {
		p := prepareEntry(tt.entry)
		found := false
		for _, s := range ix.candidates(p.queryKeys()) {
			found = found || ix.recs[s].id == tt.want
		}
		if !found {
			t.Errorf("%+v: %q not among the compared referrals", tt.entry, tt.want)
		}
	}
}

// TestOneEditFindsName: a name one letter added, lost or changed away from
// the referral's is still compared (deletion keys), and the keys of one
// name count once, so an exact namesake is not pushed aside.
func TestOneEditFindsName(t *testing.T) {
	ix := NewIndex()
	ix.Add(Referral{ID: "r-joes", LastName: "Joes", City: "Ipswich"})
	ix.Add(Referral{ID: "r-logan", FirstName: "Logan", LastName: "Webb", City: "Salford"})
	for _, tt := range []struct {
		entry SalesEntry
		want  string
	}{
		{SalesEntry{FirstName: "Mia", LastName: "Jones", City: "Ipswich"}, "r-joes"},
		{SalesEntry{FirstName: "Lonan", City: "Saford"}, "r-logan"},
	} {
		p := prepareEntry(tt.entry)
		found := false
		for _, s := range ix.candidates(p.queryKeys()) {
			found = found || ix.recs[s].id == tt.want
		}
		if !found {
			t.Errorf("%+v: %q not among the blocked candidates", tt.entry, tt.want)
		}
	}
	var keys []string
	deletionKeys("jones", func(v string) { keys = append(keys, v) })
	if fmt.Sprint(keys) != "[jones ones jnes joes jons jone]" {
		t.Errorf("deletion keys of jones: %v", keys)
	}
	keys = keys[:0]
	deletionKeys("lee", func(v string) { keys = append(keys, v) })
	if len(keys) != 0 {
		t.Errorf("a three-letter name got deletion keys %v", keys)
	}
}
