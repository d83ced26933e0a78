package api

import (
	"fmt"
	"strings"
	"testing"
)

// The qualify hook matches identity fields like a sales entry: a clear fuzzy
// match is applied, a doubtful one goes to review with the matcher's reason,
// and only the given program's referrals are candidates.
func TestQualifyMatchesIdentityFieldsInItsProgram(t *testing.T) {
	e := newEnv(t)
	p := e.must("POST", "/api/v1/programs", `{"name":"Partners"}`, 201)
	pid := int64(p["id"].(float64))
	ada := e.must("POST", "/api/v1/referrals", fmt.Sprintf(`{"program_id":%d,"first_name":"Ada","last_name":"Lovelace","phone":"+44 20 7946 0001","company":"Analytical Engines Ltd"}`, pid), 201)
	e.must("POST", "/api/v1/referrals", `{"first_name":"Ada","last_name":"Lovelace","phone":"+44 20 7946 0001","company":"Analytical Engines Ltd"}`, 201)
	for _, name := range []string{"Jon Smith", "John Smith"} {
		f, l, _ := strings.Cut(name, " ")
		e.must("POST", "/api/v1/referrals", fmt.Sprintf(`{"program_id":%d,"first_name":%q,"last_name":%q,"company":"Acme"}`, pid, f, l), 201)
	}

	got := e.must("POST", "/api/v1/qualify", fmt.Sprintf(`{"program_id":%d,"first_name":"Ada","last_name":"Lovelace","phone":"020 7946 0001","company":"Analytical Engines"}`, pid), 200)
	if got["outcome"] != "processed" || got["method"] != "fuzzy" || got["referral_id"] != ada["id"] || got["program_id"].(float64) != float64(pid) {
		t.Fatalf("clear identity match = %v", got)
	}
	if r := e.must("GET", "/api/v1/referrals/"+ada["id"].(string), "", 200); r["status"] != "qualified" {
		t.Errorf("status after qualify = %v", r["status"])
	}
	doubt := e.must("POST", "/api/v1/qualify", fmt.Sprintf(`{"program_id":%d,"first_name":"J","last_name":"Smith","company":"Acme"}`, pid), 200)
	if doubt["outcome"] != "review" || (doubt["reason"] != "ambiguous" && doubt["reason"] != "low_confidence") {
		t.Errorf("doubtful identity = outcome %v reason %v", doubt["outcome"], doubt["reason"])
	}
	if code, out := e.do("POST", "/api/v1/qualify", e.admin, `{"status":"qualified"}`); code != 422 {
		t.Errorf("no identity = %d %v", code, out)
	}
}
