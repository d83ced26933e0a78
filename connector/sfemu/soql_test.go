package sfemu

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// soqlOrg holds a few leads with known values.
func soqlOrg(t *testing.T) *Server {
	t.Helper()
	s, err := New(Options{Now: fixedClock(time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC))})
	if err != nil {
		t.Fatal(err)
	}
	rows := []map[string]any{
		{"FirstName": "Ada", "LastName": "Lovelace", "Company": "Engines", "Email": "ada@example.com", "NumberOfEmployees": 10, "AnnualRevenue": 5.5},
		{"FirstName": "alan", "LastName": "Turing", "Company": "Bletchley", "Email": "ALAN@example.org", "NumberOfEmployees": 200},
		{"LastName": "Hopper", "Company": "Navy", "Referral_ID__c": "R-1"},
		{"FirstName": "Grace", "LastName": "Hopper", "Company": "Univac", "Email": "grace@univac.com", "NumberOfEmployees": 50},
	}
	for _, r := range rows {
		if v, ok := r["NumberOfEmployees"].(int); ok {
			r["NumberOfEmployees"] = float64(v)
		}
		if _, err := s.Insert("Lead", r); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// fixedClock advances one second per call, from start.
func fixedClock(start time.Time) func() time.Time {
	n := 0
	return func() time.Time { n++; return start.Add(time.Duration(n) * time.Second) }
}

func surnames(rows []map[string]any) string {
	var out []string
	for _, r := range rows {
		out = append(out, fmt.Sprint(r["LastName"]))
	}
	return strings.Join(out, ",")
}

func TestSOQLEvaluation(t *testing.T) {
	s := soqlOrg(t)
	tests := []struct{ q, want string }{
		{"SELECT LastName FROM Lead", "Lovelace,Turing,Hopper,Hopper"},
		{"SELECT LastName FROM Lead WHERE Email = 'alan@EXAMPLE.org'", "Turing"},
		{"SELECT LastName FROM Lead WHERE Email != null ORDER BY LastName DESC", "Turing,Lovelace,Hopper"},
		{"SELECT LastName FROM Lead WHERE Email = null", "Hopper"},
		{"SELECT LastName FROM Lead WHERE NumberOfEmployees >= 50 AND NOT (LastName LIKE 'tur%')", "Hopper"},
		{"SELECT LastName FROM Lead WHERE NumberOfEmployees < 50 OR Referral_ID__c = 'R-1'", "Lovelace,Hopper"},
		{"SELECT LastName FROM Lead WHERE LastName IN ('Turing', 'hopper') ORDER BY Company", "Turing,Hopper,Hopper"},
		{"SELECT LastName FROM Lead WHERE LastName NOT IN ('Turing', 'Hopper')", "Lovelace"},
		{"SELECT LastName FROM Lead WHERE Email LIKE '%@example.%'", "Lovelace,Turing"},
		{"SELECT LastName FROM Lead WHERE Email LIKE 'ada_example.com'", "Lovelace"},
		{"SELECT LastName FROM Lead WHERE Email LIKE 'ad_@%'", "Lovelace"},
		{"SELECT LastName FROM Lead WHERE Company LIKE 'N\\_vy'", ""},
		{"SELECT LastName FROM Lead ORDER BY FirstName NULLS LAST, LastName LIMIT 3", "Lovelace,Turing,Hopper"},
		{"SELECT LastName FROM Lead ORDER BY FirstName", "Hopper,Lovelace,Turing,Hopper"},
		{"SELECT LastName FROM Lead ORDER BY NumberOfEmployees DESC LIMIT 2 OFFSET 1", "Hopper,Lovelace"},
		{"SELECT LastName FROM Lead WHERE CreatedDate > 2024-03-01T12:00:02Z", "Turing,Hopper,Hopper"},
		{"SELECT LastName FROM Lead WHERE CreatedDate <= 2024-03-01T13:00:03+01:00", "Lovelace,Turing"},
		{"SELECT LastName FROM Lead WHERE IsConverted = false AND AnnualRevenue > 5", "Lovelace"},
		{"SELECT LastName FROM Lead WHERE CreatedDate = TODAY AND LastName = 'Turing'", "Turing"},
		{"SELECT LastName FROM Lead WHERE CreatedDate < LAST_N_DAYS:3", ""},
		{"select lastname from lead where (email = null or email like 'g%') and company != 'Navy'", "Hopper"},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			rows, err := s.Query(tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := surnames(rows); got != tt.want {
				t.Fatalf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestSOQLErrors(t *testing.T) {
	s := soqlOrg(t)
	tests := []struct{ q, code, text string }{
		{"SELECT Id FROM Lead WHERE", "MALFORMED_QUERY", "ERROR at Row:1:Column:26\nunexpected token: <EOF>"},
		{"SELECT Id FRM Lead", "MALFORMED_QUERY", "Column:11\nunexpected token: FRM"},
		{"SELECT Id FROM Lead WHERE LastName = 'a' AND Email = 'b' OR Company = 'c'", "MALFORMED_QUERY", "unexpected token: OR"},
		{"SELECT Id FROM Lead WHERE LastName = 'unterminated", "MALFORMED_QUERY", "Column:38"},
		{"SELECT Id, Naem FROM Lead", "INVALID_FIELD", "No such column 'Naem' on entity 'Lead'"},
		{"SELECT Id, Account.Name FROM Lead", "INVALID_FIELD", "Didn't understand relationship 'Account' in field path"},
		{"SELECT Id FROM Leads", "INVALID_TYPE", "sObject type 'Leads' is not supported"},
		{"SELECT Id, (SELECT Id FROM Contacts) FROM Lead", "INVALID_TYPE", "Didn't understand relationship 'Contacts' in FROM part"},
		{"SELECT Id FROM Lead WHERE NumberOfEmployees = '10'", "INVALID_FIELD", "must be of type int and should not be enclosed in quotes"},
		{"SELECT Id FROM Lead WHERE LastName = 10", "INVALID_FIELD", "must be of type string and should be enclosed in quotes"},
		{"SELECT Id FROM Lead WHERE CreatedDate > 2024-01-01", "INVALID_FIELD", "must be of type dateTime"},
		{"SELECT Id FROM Lead WHERE CreatedDate > '2024-01-01T00:00:00Z'", "INVALID_FIELD", "Column:41\nvalue of filter criterion for field 'CreatedDate'"},
		{"SELECT Id FROM Lead WHERE IsConverted = 'false'", "INVALID_FIELD", "must be of type boolean"},
		{"SELECT Id FROM Lead WHERE Id = 'nope'", "INVALID_QUERY_FILTER_OPERATOR", "invalid ID field: nope"},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			_, err := s.Query(tt.q)
			var ae *APIError
			if !errors.As(err, &ae) {
				t.Fatalf("err = %v, want an APIError", err)
			}
			if ae.Code != tt.code || ae.Status != 400 || !strings.Contains(ae.Message, tt.text) || !strings.HasPrefix(ae.Message, "\n"+tt.q[:10]) {
				t.Fatalf("got %d %s %q, want %s containing %q", ae.Status, ae.Code, ae.Message, tt.code, tt.text)
			}
		})
	}
}

func TestSOQLRelationships(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	acc, _ := s.Insert("Account", map[string]any{"Name": "Bluth Company"})
	c1, _ := s.Insert("Contact", map[string]any{"LastName": "Bluth", "FirstName": "Michael", "Email": "michael@bluth.com", "AccountId": acc})
	c2, _ := s.Insert("Contact", map[string]any{"LastName": "Bluth", "FirstName": "Gob", "AccountId": acc})
	opp, _ := s.Insert("Opportunity", map[string]any{"Name": "Banana stand", "StageName": "Closed Won", "CloseDate": "2024-02-01", "AccountId": acc})
	s.Insert("Opportunity", map[string]any{"Name": "Solo", "StageName": "Prospecting", "CloseDate": "2024-02-01"})
	s.Insert("OpportunityContactRole", map[string]any{"OpportunityId": opp, "ContactId": c1, "IsPrimary": true})
	s.Insert("OpportunityContactRole", map[string]any{"OpportunityId": opp, "ContactId": c2})
	rows, err := s.Query("SELECT Name, IsWon, Account.Name, Account.Owner.Email, (SELECT ContactId, Contact.Email FROM OpportunityContactRoles WHERE IsPrimary = true) FROM Opportunity ORDER BY Name")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("rows %v", rows)
	}
	won := rows[0]
	account := won["Account"].(map[string]any)
	roles := won["OpportunityContactRoles"].(map[string]any)
	recs := roles["records"].([]any)
	if won["IsWon"] != true || account["Name"] != "Bluth Company" || account["Owner"].(map[string]any)["Email"] != s.Options().Username ||
		roles["totalSize"] != 1.0 || len(recs) != 1 || recs[0].(map[string]any)["Contact"].(map[string]any)["Email"] != "michael@bluth.com" {
		t.Fatalf("won opportunity rendered as %v", won)
	}
	if rows[1]["Account"] != nil || rows[1]["OpportunityContactRoles"] != nil {
		t.Fatalf("an opportunity without account/roles must render null: %v", rows[1])
	}
	acctRows, err := s.Query("SELECT Name, (SELECT LastName FROM Contacts ORDER BY FirstName), (SELECT Name FROM Opportunities) FROM Account")
	if err != nil {
		t.Fatal(err)
	}
	contacts := acctRows[0]["Contacts"].(map[string]any)["records"].([]any)
	if len(contacts) != 2 || acctRows[0]["Opportunities"].(map[string]any)["totalSize"] != 1.0 {
		t.Fatalf("account children: %v", acctRows[0])
	}
}

func TestSOQLCount(t *testing.T) {
	s, c := testOrg(t, Options{})
	for i := 0; i < 3; i++ {
		s.Insert("Lead", map[string]any{"LastName": "X", "Company": "Y"})
	}
	_, body, _ := c.do("GET", "/query?q="+urlq("SELECT COUNT() FROM Lead"), nil)
	if got := string(body); got != `{"totalSize":3,"done":true,"records":[]}` {
		t.Fatalf("COUNT(): %s", got)
	}
	_, body, _ = c.do("GET", "/query?q="+urlq("SELECT COUNT(Id) n FROM Lead WHERE LastName = 'X'"), nil)
	rec := decode(t, body).(map[string]any)["records"].([]any)[0].(map[string]any)
	if rec["n"] != 3.0 || rec["attributes"].(map[string]any)["type"] != "AggregateResult" {
		t.Fatalf("COUNT(Id): %s", body)
	}
}
