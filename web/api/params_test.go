package api

import (
	"net/http"
	"strings"
	"testing"
)

// TestUnknownQueryParametersAreRefused: ?program=2 (for program_id) used to
// list every program's entries; it is refused, naming the known parameters.
func TestUnknownQueryParametersAreRefused(t *testing.T) {
	e := newEnv(t)
	code, out := e.do("GET", "/api/v1/entries?program=2", e.reviewer, "")
	ev, _ := out["error"].(map[string]any)
	msg, _ := ev["message"].(string)
	if code != http.StatusBadRequest && code != http.StatusUnprocessableEntity || ev["field"] != "program" || !strings.Contains(msg, "program_id") {
		t.Fatalf("GET /entries?program=2 = %d %v; want a refusal naming program_id", code, out)
	}
	for _, ok := range []string{"/api/v1/entries?program_id=1&outcome=review&limit=5", "/api/v1/referrals?status=pending&q=ann", "/api/v1/programs?archived=1"} {
		if code, out := e.do("GET", ok, e.reviewer, ""); code != http.StatusOK {
			t.Errorf("GET %s = %d %v", ok, code, out)
		}
	}
	if code, _ := e.do("GET", "/api/v1/programs/1?verbose=1", e.reviewer, ""); code == http.StatusOK {
		t.Error("an endpoint without query parameters accepted one")
	}
}
