package api

import (
	"fmt"
	"testing"
)

// An entry read through the API names its reason as the queue and the
// export do, beside the code and the sentence.
func TestEntryNamesItsReason(t *testing.T) {
	e := newEnv(t)
	_, _, entries, _ := e.fixture()
	got := e.must("GET", fmt.Sprintf("/api/v1/entries/%d", entries[0]), "", 200)
	if got["reason"] != "ambiguous" || got["reason_name"] != "Two close matches" || got["reason_words"] == "" {
		t.Fatalf("entry = reason %v, reason_name %v, reason_words %v", got["reason"], got["reason_name"], got["reason_words"])
	}
}
