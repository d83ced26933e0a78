package sfemu

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

var sfTime = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$`)

func TestStampsStrictlyIncrease(t *testing.T) {
	frozen := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	s, err := New(Options{Now: func() time.Time { return frozen }})
	if err != nil {
		t.Fatal(err)
	}
	var last string
	for i := 0; i < 5; i++ {
		id, err := s.Insert("Lead", map[string]any{"LastName": "X", "Company": "Y"})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Update("Lead", id, map[string]any{"Title": "T"}); err != nil {
			t.Fatal(err)
		}
		r := s.Get("Lead", id)
		ms := r["SystemModstamp"].(string)
		if !sfTime.MatchString(ms) || ms <= last || r["CreatedDate"].(string) >= ms || r["LastModifiedDate"] != ms {
			t.Fatalf("stamps %v after %s", r, last)
		}
		last = ms
	}
}

func TestTokenExpiryAndFaults(t *testing.T) {
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	s, c := testOrg(t, Options{TokenTTL: time.Hour, DailyLimit: 5, Now: func() time.Time { return now }})
	steps := []struct {
		name   string
		prep   func()
		status int
		code   string
	}{
		{"served", nil, 200, ""},
		{"503 injected", func() { s.FailNext503(2) }, 503, "SERVER_UNAVAILABLE"},
		{"503 again", nil, 503, "SERVER_UNAVAILABLE"},
		{"served after faults", nil, 200, ""},
		{"401 injected", func() { s.FailNext401(1) }, 401, "INVALID_SESSION_ID"},
		{"served", nil, 200, ""},
		{"served", nil, 200, ""},
		{"served", nil, 200, ""},
		{"over the allowance", nil, 403, "REQUEST_LIMIT_EXCEEDED"},
		{"new day", func() { s.ResetUsage() }, 200, ""},
		{"token expired", func() { s.SetClock(func() time.Time { return now.Add(2 * time.Hour) }) }, 401, "INVALID_SESSION_ID"},
	}
	for i, st := range steps {
		if st.prep != nil {
			st.prep()
		}
		status, body, hdr := c.do("GET", "/limits", nil)
		if status != st.status || st.code != "" && !strings.Contains(string(body), st.code) {
			t.Fatalf("step %d %s: %d %s", i, st.name, status, body)
		}
		if hdr.Get("Sforce-Limit-Info") == "" {
			t.Fatalf("step %d: no Sforce-Limit-Info", i)
		}
	}
	if s.APICalls() != 1 {
		t.Fatalf("APICalls = %d after reset and one served call", s.APICalls())
	}
}

func TestDeleteAndQueryAll(t *testing.T) {
	s, c := testOrg(t, Options{})
	id, _ := s.Insert("Lead", map[string]any{"LastName": "Gone", "Company": "Y"})
	if st, _, _ := c.do("DELETE", "/sobjects/Lead/"+id, nil); st != 204 {
		t.Fatalf("delete: %d", st)
	}
	if st, _, _ := c.do("GET", "/sobjects/Lead/"+id, nil); st != 404 {
		t.Fatalf("get deleted: %d", st)
	}
	q := urlq("SELECT Id, IsDeleted FROM Lead")
	_, body, _ := c.do("GET", "/query?q="+q, nil)
	if n := decode(t, body).(map[string]any)["totalSize"]; n != 0.0 {
		t.Fatalf("query sees deleted lead: %s", body)
	}
	_, body, _ = c.do("GET", "/queryAll?q="+q, nil)
	recs := decode(t, body).(map[string]any)["records"].([]any)
	if len(recs) != 1 || recs[0].(map[string]any)["IsDeleted"] != true {
		t.Fatalf("queryAll: %s", body)
	}
}

func TestWriteTypeChecks(t *testing.T) {
	s, c := testOrg(t, Options{})
	acc, _ := s.Insert("Account", map[string]any{"Name": "A"})
	tests := []struct {
		name   string
		body   map[string]any
		status int
		code   string
	}{
		{"valid", map[string]any{"LastName": "L", "Company": "C", "NumberOfEmployees": 12}, 201, ""},
		{"numeric string into int", map[string]any{"LastName": "L", "Company": "C", "NumberOfEmployees": "12"}, 201, ""},
		{"word into int", map[string]any{"LastName": "L", "Company": "C", "NumberOfEmployees": "twelve"}, 400, "JSON_PARSER_ERROR"},
		{"string into boolean", map[string]any{"LastName": "L", "Company": "C", "IsUnreadByOwner": "yes"}, 400, "JSON_PARSER_ERROR"},
		{"bad date", map[string]any{"obj": "Opportunity", "Name": "O", "StageName": "Prospecting", "CloseDate": "soon"}, 400, "JSON_PARSER_ERROR"},
		{"date", map[string]any{"obj": "Opportunity", "Name": "O", "StageName": "Prospecting", "CloseDate": "2024-05-01"}, 201, ""},
		{"read-only field", map[string]any{"LastName": "L", "Company": "C", "Name": "Full"}, 400, "INVALID_FIELD_FOR_INSERT_UPDATE"},
		{"missing required", map[string]any{"LastName": "L"}, 400, "REQUIRED_FIELD_MISSING"},
		{"unknown field", map[string]any{"LastName": "L", "Company": "C", "Foo__c": "x"}, 400, "INVALID_FIELD"},
		{"bad email", map[string]any{"LastName": "L", "Company": "C", "Email": "not-an-email"}, 400, "INVALID_EMAIL_ADDRESS"},
		{"too long", map[string]any{"LastName": strings.Repeat("x", 81), "Company": "C"}, 400, "STRING_TOO_LONG"},
		{"malformed reference", map[string]any{"LastName": "L", "Company": "C", "OwnerId": "005bad"}, 400, "MALFORMED_ID"},
		{"reference of wrong type", map[string]any{"LastName": "L", "Company": "C", "OwnerId": acc}, 400, "FIELD_INTEGRITY_EXCEPTION"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obj := "Lead"
			if o, ok := tt.body["obj"].(string); ok {
				obj = o
				delete(tt.body, "obj")
			}
			status, body, _ := c.do("POST", "/sobjects/"+obj+"/", tt.body)
			if status != tt.status || tt.code != "" && !strings.Contains(string(body), `"errorCode":"`+tt.code+`"`) {
				t.Fatalf("%d %s, want %d %s", status, body, tt.status, tt.code)
			}
		})
	}
}

func TestConvertLead(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	id, _ := s.Insert("Lead", map[string]any{"FirstName": "Ann", "LastName": "Veal", "Company": "Veal Inc", "Email": "ann@veal.com", "Referral_ID__c": "R-7"})
	conv, err := s.ConvertLead(id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ConvertLead(id); err == nil {
		t.Fatal("converting twice succeeded")
	}
	rows, err := s.Query("SELECT IsConverted, ConvertedContact.Email, ConvertedOpportunity.Referral_ID__c, ConvertedAccount.Name FROM Lead WHERE IsConverted = true")
	if err != nil || len(rows) != 1 {
		t.Fatalf("%v %v", rows, err)
	}
	r := rows[0]
	if r["ConvertedContact"].(map[string]any)["Email"] != "ann@veal.com" || r["ConvertedOpportunity"].(map[string]any)["Referral_ID__c"] != "R-7" || r["ConvertedAccount"].(map[string]any)["Name"] != "Veal Inc" {
		t.Fatalf("converted lead: %v", r)
	}
	roles, _ := s.Query("SELECT ContactId FROM OpportunityContactRole WHERE OpportunityId = '" + conv.OpportunityID + "'")
	if len(roles) != 1 || roles[0]["ContactId"] != conv.ContactID {
		t.Fatalf("contact role: %v", roles)
	}
}

func TestCursorSnapshotAndLocator(t *testing.T) {
	s, c := testOrg(t, Options{PageSize: 200})
	for i := 0; i < 300; i++ {
		s.Insert("Lead", map[string]any{"LastName": "Before", "Company": "C"})
	}
	_, body, _ := c.do("GET", "/query?q="+urlq("SELECT LastName FROM Lead"), nil)
	next := decode(t, body).(map[string]any)["nextRecordsUrl"].(string)
	calls := s.APICalls()
	first := s.Records("Lead")[250]["Id"].(string)
	s.Update("Lead", first, map[string]any{"LastName": "After"})
	for i := 0; i < 50; i++ {
		s.Insert("Lead", map[string]any{"LastName": "After", "Company": "C"})
	}
	status, body, _ := c.do("GET", next, nil)
	page := decode(t, body).(map[string]any)
	if status != 200 || page["totalSize"] != 300.0 || len(page["records"].([]any)) != 100 || strings.Contains(string(body), "After") {
		t.Fatalf("second page is not the snapshot: %d %v", status, page["totalSize"])
	}
	if s.APICalls() != calls+1 {
		t.Fatal("queryMore must count one call")
	}
	status, body, _ = c.do("GET", "/query/01gNOPE00000000-200", nil)
	if status != 400 || !strings.Contains(string(body), "INVALID_QUERY_LOCATOR") {
		t.Fatalf("bad locator: %d %s", status, body)
	}
}

func TestIdentityURL(t *testing.T) {
	s, c := testOrg(t, Options{})
	status, body, _ := c.form("/services/oauth2/token", map[string][]string{"grant_type": {"password"}, "client_id": {s.Options().ClientID},
		"client_secret": {s.Options().ClientSecret}, "username": {s.Options().Username}, "password": {s.Options().Password}})
	id := decode(t, body).(map[string]any)["id"].(string)
	if status != 200 || !strings.HasPrefix(id, s.URL()+"/id/") {
		t.Fatalf("token id %q", id)
	}
	status, body, _ = c.do("GET", strings.TrimPrefix(id, s.URL()), nil)
	if got := decode(t, body).(map[string]any); status != 200 || got["username"] != s.Options().Username || got["id"] != id {
		t.Fatalf("identity: %d %s", status, body)
	}
	c.token = "bogus"
	if status, _, _ = c.do("GET", "/services/oauth2/userinfo", nil); status != 403 {
		t.Fatalf("identity with a bad token: %d", status)
	}
}

func TestCollectionsDeleteGetAndLimit(t *testing.T) {
	s, c := testOrg(t, Options{})
	a, _ := s.Insert("Account", map[string]any{"Name": "A"})
	b, _ := s.Insert("Account", map[string]any{"Name": "B"})
	status, body, _ := c.do("GET", "/composite/sobjects/Account?fields=Name&ids="+a+","+makeID("001", 99999), nil)
	got := decode(t, body).([]any)
	if status != 200 || len(got) != 2 || got[0].(map[string]any)["Name"] != "A" || got[1] != nil {
		t.Fatalf("collection get: %d %s", status, body)
	}
	status, body, _ = c.do("DELETE", "/composite/sobjects?allOrNone=true&ids="+a+",bogus", nil)
	if status != 200 || s.Get("Account", a)["IsDeleted"] != false || !strings.Contains(string(body), "ALL_OR_NONE_OPERATION_ROLLED_BACK") {
		t.Fatalf("allOrNone delete with a bad id must delete nothing: %d %s", status, body)
	}
	status, body, _ = c.do("DELETE", "/composite/sobjects?ids="+a+","+b, nil)
	if status != 200 || len(s.Records("Account")) != 0 {
		t.Fatalf("collection delete: %d %s", status, body)
	}
	recs := make([]map[string]any, 201)
	for i := range recs {
		recs[i] = map[string]any{"attributes": map[string]any{"type": "Account"}, "Name": "X"}
	}
	status, body, _ = c.do("POST", "/composite/sobjects", map[string]any{"records": recs})
	if status != 400 || !strings.Contains(string(body), "EXCEEDED_ID_LIMIT") || len(s.Records("Account")) != 0 {
		t.Fatalf("201 records: %d %s", status, body)
	}
}

func TestLatencyHonoursCancellation(t *testing.T) {
	s, c := testOrg(t, Options{})
	s.SetLatency(time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", c.base+"/services/data/v62.0/limits", nil)
	if _, err := http.DefaultClient.Do(req); err == nil {
		t.Fatal("a call under an hour of latency answered")
	}
	s.SetLatency(0)
	if status, _, _ := c.do("GET", "/limits", nil); status != 200 {
		t.Fatalf("after latency is removed: %d", status)
	}
}

// TestWatermarkPolling follows SystemModstamp >= X ORDER BY SystemModstamp, Id
// the way an incremental poller does: an updated record shows up again.
func TestWatermarkPolling(t *testing.T) {
	s, err := New(Options{Now: func() time.Time { return time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, n := range []string{"A", "B", "C"} {
		id, _ := s.Insert("Opportunity", map[string]any{"Name": n, "StageName": "Prospecting", "CloseDate": "2024-02-01"})
		ids = append(ids, id)
	}
	poll := func(mark string) ([]string, string) {
		rows, err := s.Query("SELECT Name, SystemModstamp FROM Opportunity WHERE SystemModstamp >= " + strings.Replace(mark, "+0000", "Z", 1) + " ORDER BY SystemModstamp, Id")
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, r := range rows {
			names = append(names, r["Name"].(string))
			mark = r["SystemModstamp"].(string)
		}
		return names, mark
	}
	names, mark := poll("2000-01-01T00:00:00.000+0000")
	if strings.Join(names, "") != "ABC" {
		t.Fatalf("first poll %v", names)
	}
	s.Update("Opportunity", ids[0], map[string]any{"StageName": "Closed Won"})
	if names, _ = poll(mark); strings.Join(names, "") != "CA" {
		t.Fatalf("second poll %v, want the watermark record C then the updated A", names)
	}
}
