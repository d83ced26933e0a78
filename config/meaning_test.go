package config

import (
	"strings"
	"testing"
)

// The suggestion for a converted status that was renamed never proposes the
// not-converted one (following that hint would qualify rejected leads).
func TestSuggestionKeepsTheMeaning(t *testing.T) {
	tests := []struct {
		value   string
		list    []string
		refused string // must not be suggested
	}{
		{"Closed - Converted", []string{"Open - Not Contacted", "Working - Contacted", "Closed - Not Converted", "Qualified"}, `"Closed - Not Converted"?`},
		{"Closed Won", []string{"Prospecting", "Closed Lost", "Closed - Won"}, `"Closed Lost"?`},
	}
	for _, tc := range tests {
		msg := allowedValues(tc.value, tc.list)
		if strings.Contains(msg, "did you mean "+tc.refused) {
			t.Errorf("%q: suggestion %q has the opposite meaning", tc.value, msg)
		}
	}
	if msg := allowedValues("Closed Won", []string{"Prospecting", "Closed Lost", "Closed - Won"}); !strings.Contains(msg, `did you mean "Closed - Won"?`) {
		t.Errorf("the renamed won stage is not suggested: %q", msg)
	}
}
