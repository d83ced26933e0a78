package sfemu

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// The org cases of issue 21 as the wire shows them.
func TestOrgCases(t *testing.T) {
	s, c := testOrg(t, Options{WonStage: "Closed - Won", ConvertedStatus: "Qualified", Currencies: []string{"USD", "JPY"}})

	// A duplicate rule names the existing record; a direct insert passes.
	first, err := s.Insert("Lead", map[string]any{"LastName": "Dup", "Company": "D", "Email": "dup@d.example"})
	if err != nil {
		t.Fatal(err)
	}
	mustOK(t, s.SetDuplicateRule("Lead", "Email", true))
	code, body, _ := c.do("POST", "/sobjects/Lead", map[string]any{"LastName": "Dup2", "Company": "D", "Email": "dup@d.example"})
	if code != 400 || !strings.Contains(string(body), "DUPLICATES_DETECTED") || !strings.Contains(string(body), `"Id":"`+first+`"`) {
		t.Fatalf("duplicate create: %d %s", code, body)
	}

	// Renamed values: the won stage makes IsWon true, conversion sets the renamed status.
	opp, _ := s.Insert("Opportunity", map[string]any{"Name": "O", "StageName": "Closed - Won", "CloseDate": "2026-12-31", "Amount": 1500000.0, "CurrencyIsoCode": "JPY"})
	if got := s.Get("Opportunity", opp); got["IsWon"] != true || got["CurrencyIsoCode"] != "JPY" {
		t.Fatalf("opportunity %v", got)
	}
	if _, err := s.ConvertLead(first); err != nil {
		t.Fatal(err)
	}
	if got := s.Get("Lead", first); got["Status"] != "Qualified" || got["IsConverted"] != true {
		t.Fatalf("converted lead %v", got)
	}
	code, body, _ = c.do("GET", "/sobjects/Opportunity/describe", nil)
	if code != 200 || !strings.Contains(string(body), `"value":"Closed - Won"`) || strings.Contains(string(body), `"value":"Closed Won"`) || !strings.Contains(string(body), "CurrencyIsoCode") {
		t.Fatalf("describe does not show the renamed stage and the currency field")
	}
	for q, want := range map[string]string{"SELECT ApiName, MasterLabel FROM OpportunityStage WHERE IsWon = true": `"ApiName":"Closed - Won"`,
		"SELECT ApiName FROM LeadStatus WHERE IsConverted = true": `"ApiName":"Qualified"`} {
		if _, res := c.query(q); res["totalSize"] != 1.0 || !strings.Contains(fmt.Sprint(res["records"]), strings.Trim(strings.ReplaceAll(want, `"`, ""), " ")) {
			t.Fatalf("%s: %v, want one row %s", q, res, want)
		}
	}

	// Late commit, undelete, merge.
	late, _ := s.InsertLate("Lead", map[string]any{"LastName": "Late", "Company": "L"}, 10*time.Minute)
	if st, _ := time.Parse("2006-01-02T15:04:05.000-0700", s.Get("Lead", late)["SystemModstamp"].(string)); time.Since(st) < 9*time.Minute {
		t.Fatalf("late record stamped %v", st)
	}
	mustOK(t, s.Delete("Lead", late))
	mustOK(t, s.Undelete("Lead", late))
	if s.Get("Lead", late)["IsDeleted"] != false {
		t.Fatal("undeleted lead still deleted")
	}
	loser, _ := s.Insert("Lead", map[string]any{"LastName": "Loser", "Company": "L"})
	mustOK(t, s.Merge("Lead", late, loser))
	_, all := c.query("SELECT Id FROM Lead WHERE MasterRecordId != null")
	if all["totalSize"].(float64) != 0 { // query excludes deleted losers; queryAll shows them
		t.Fatalf("query saw merged losers: %v", all)
	}
}

func mustOK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
