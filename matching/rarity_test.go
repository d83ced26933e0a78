package matching

import (
	"fmt"
	"strings"
	"testing"
)

// rarityIndex holds one referral with a rare name among many with common
// names: 200 referrals, 20 of them Smiths, 20 of them Johns.
func rarityIndex() *Index {
	ix := NewIndex()
	ix.Add(Referral{ID: "r-rare", FirstName: "Theodora", LastName: "Quennell", City: "Leeds"})
	ix.Add(Referral{ID: "r-mail", FirstName: "Ignatius", LastName: "Fairweather", Email: "ig@fairweather.org", City: "Leeds"})
	ix.Add(Referral{ID: "r-jake", FirstName: "Jake", LastName: "Quennell", City: "Leeds"})
	ix.Add(Referral{ID: "r-smith", FirstName: "John", LastName: "Smith", City: "Hull"})
	for i := range 199 {
		x := Referral{ID: fmt.Sprintf("r%03d", i), FirstName: fmt.Sprintf("Given%c%c", 'a'+i%26, 'a'+i/26),
			LastName: fmt.Sprintf("Family%c%c", 'a'+i/26, 'a'+i%26), City: "Hull"}
		if i%10 == 0 {
			x.LastName = "Smith"
		}
		if i%10 == 1 {
			x.FirstName = "John"
		}
		ix.Add(x)
	}
	return ix
}

func TestNameRarity(t *testing.T) {
	ix := rarityIndex()
	tests := []struct {
		name    string
		entry   SalesEntry
		outcome Outcome
		rarity  bool // the top candidate's explanation carries name_rarity
	}{
		{"rare full name and city", SalesEntry{FirstName: "Theodora", LastName: "Quennell", City: "Leeds"}, OutcomeAuto, true},
		{"rare name with a typo, swapped, and the city", SalesEntry{FirstName: "Quenell", LastName: "Theodora", City: "Leeds"}, OutcomeAuto, true},
		{"rare name with a typo, swapped, no city: not evidence", SalesEntry{FirstName: "Quenell", LastName: "Theodora"}, OutcomeReview, false},
		{"rare name in another city", SalesEntry{FirstName: "Theodora", LastName: "Quennell", City: "Bath"}, OutcomeReview, false},
		{"rare name, email only on the entry", SalesEntry{FirstName: "Theodora", LastName: "Quennell", Email: "tq@example.com"}, OutcomeAuto, true},
		{"rare name, a different email", SalesEntry{FirstName: "Ignatius", LastName: "Fairweather", Email: "ignatius@example.com", City: "Leeds"}, OutcomeReview, false},
		{"rare family name only", SalesEntry{LastName: "Quennell", City: "Leeds"}, OutcomeReview, false},
		{"given name three edits away", SalesEntry{FirstName: "Theodoxyz", LastName: "Quennell", City: "Leeds"}, OutcomeReview, false},
		{"short given name a letter apart", SalesEntry{FirstName: "Jade", LastName: "Quennell", City: "Leeds"}, OutcomeReview, false},
		{"common full name", SalesEntry{FirstName: "John", LastName: "Smith", City: "Hull"}, OutcomeReview, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ix.Match(tt.entry, DefaultThresholds())
			if d.Outcome != tt.outcome {
				t.Fatalf("outcome %q (score %.3f, %+v), want %q", d.Outcome, d.Score, d.Candidates, tt.outcome)
			}
			if len(d.Candidates) == 0 {
				t.Fatalf("no candidates")
			}
			got := false
			for _, f := range d.Candidates[0].Fields {
				got = got || f.Field == "name_rarity" && f.Contribution > 0 && strings.Contains(f.Reason, "namesakes expected")
			}
			if got != tt.rarity {
				t.Errorf("name_rarity explained: %v, want %v (%+v)", got, tt.rarity, d.Candidates[0].Fields)
			}
		})
	}
}
