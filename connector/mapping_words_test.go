package connector

import (
	"strings"
	"testing"

	"github.com/refsync/refsync/config"
)

func TestMappingProblemInWords(t *testing.T) {
	r := config.DefaultRules()
	r.Mappings = []config.Mapping{{Object: "Opportunity", Field: "StageName", Target: "amount"}}
	got := mappingProblem(r, "Opportunity", map[string]any{"StageName": "Closed Lost"})
	for _, want := range []string{"Opportunity StageName → amount", "“Closed Lost”, which is not a number", "Settings → Field mappings"} {
		if !strings.Contains(got, want) {
			t.Errorf("note %q lacks %q", got, want)
		}
	}
	if strings.Contains(got, "store:") || strings.Contains(got, "ref_") {
		t.Errorf("note shows internal text: %q", got)
	}
	if n := mappingProblem(r, "Opportunity", map[string]any{"StageName": "1200.5"}); n != "" {
		t.Errorf("a number is a problem: %q", n)
	}
}
