package sfemu

import (
	"net/http"
	"strings"
	"testing"
)

// TestSOQLRefusedAsTheOrgRefuses: queries a real org refuses, with its codes and words.
func TestSOQLRefusedAsTheOrgRefuses(t *testing.T) {
	_, c := testOrg(t, Options{})
	for _, tc := range []struct{ q, code, words string }{
		{"SELECT Id, Id FROM Lead", "INVALID_FIELD", "duplicate field selected: Id"},
		{"SELECT Id, FIELDS(ALL) FROM Lead LIMIT 10", "INVALID_FIELD", "duplicate field selected: Id"},
		{"SELECT Id FROM Lead ORDER BY Description", "MALFORMED_QUERY", "field 'Description' can not be sorted in a query call"},
		{"SELECT Id FROM Lead WHERE Description = 'x'", "INVALID_FIELD", "field 'Description' can not be filtered in a query call"},
		{"SELECT Id FROM Lead OFFSET 2001", "NUMBER_OUTSIDE_VALID_RANGE", "Maximum SOQL offset allowed is 2000"},
		{"SELECT Id FROM Lead WHERE CreatedDate > 2024-01-01T00:00:00+0000", "MALFORMED_QUERY", "no viable alternative at character '0'"},
		{"SELECT FIELDS(ALL) FROM Lead", "MALFORMED_QUERY", "The SOQL FIELDS function must have a LIMIT of at most 200"},
		{"SELECT FIELDS(CUSTOM) FROM Lead LIMIT 201", "MALFORMED_QUERY", "LIMIT of at most 200"},
		{"SELECT Status, LastName, COUNT(Id) FROM Lead GROUP BY Status", "MALFORMED_QUERY", "Field must be grouped or aggregated: LastName"},
	} {
		status, m := c.query(tc.q)
		raw := m["raw"].(string)
		if status != 400 || !strings.Contains(raw, `"errorCode":"`+tc.code+`"`) || !strings.Contains(raw, tc.words) {
			t.Errorf("%s: %d %s, want 400 %s %q", tc.q, status, raw, tc.code, tc.words)
		}
	}
	if status, b, _ := c.do("GET", "/sobjects/Lead/abc", nil); status != http.StatusNotFound || !strings.Contains(string(b), "NOT_FOUND") {
		t.Errorf("GET /sobjects/Lead/abc: %d %s, want 404 NOT_FOUND", status, b)
	}
}

// TestSOQLValidQueriesAnswered: semi-joins, GROUP BY with aggregates and FIELDS() run.
func TestSOQLValidQueriesAnswered(t *testing.T) {
	s, c := testOrg(t, Options{})
	acc, _ := s.Insert("Account", map[string]any{"Name": "Has Kids"})
	s.Insert("Account", map[string]any{"Name": "No Kids"})
	s.Insert("Contact", map[string]any{"LastName": "A", "AccountId": acc})
	s.Insert("Contact", map[string]any{"LastName": "B", "AccountId": acc})
	for _, st := range []string{"Open - Not Contacted", "Open - Not Contacted", "Working - Contacted"} {
		s.Insert("Lead", map[string]any{"LastName": "L", "Company": "C", "Status": st})
	}
	_, m := c.query("SELECT Name FROM Account WHERE Id IN (SELECT AccountId FROM Contact)")
	if m["totalSize"] != 1.0 || m["records"].([]any)[0].(map[string]any)["Name"] != "Has Kids" {
		t.Errorf("semi-join: %v", m)
	}
	_, m = c.query("SELECT Name FROM Account WHERE Id NOT IN (SELECT AccountId FROM Contact)")
	if m["totalSize"] != 1.0 || m["records"].([]any)[0].(map[string]any)["Name"] != "No Kids" {
		t.Errorf("anti-join: %v", m)
	}
	_, m = c.query("SELECT Status, COUNT(Id) n FROM Lead GROUP BY Status ORDER BY Status")
	recs, _ := m["records"].([]any)
	if len(recs) != 2 || recs[0].(map[string]any)["n"] != 2.0 || recs[0].(map[string]any)["Status"] != "Open - Not Contacted" ||
		recs[0].(map[string]any)["attributes"].(map[string]any)["type"] != "AggregateResult" {
		t.Errorf("GROUP BY: %v", m)
	}
	_, m = c.query("SELECT FIELDS(STANDARD) FROM Lead")
	rec := m["records"].([]any)[0].(map[string]any)
	if _, ok := rec["Company"]; !ok || m["totalSize"] != 3.0 {
		t.Errorf("FIELDS(STANDARD): %v", rec)
	}
	if _, ok := rec["Referral_ID__c"]; ok {
		t.Errorf("FIELDS(STANDARD) selected a custom field")
	}
}
