package sfemu

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// golden reads a real Salesforce body from testdata/salesforce.
func golden(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "salesforce", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	}
	return fmt.Sprintf("%T", v)
}

// sameShape reports where got differs from want in keys or JSON types;
// arrays are compared element-wise on their first elements.
func sameShape(path string, want, got any) []string {
	if jsonType(want) != jsonType(got) {
		return []string{fmt.Sprintf("%s: type %s, want %s", path, jsonType(got), jsonType(want))}
	}
	var diffs []string
	switch w := want.(type) {
	case map[string]any:
		g := got.(map[string]any)
		if !reflect.DeepEqual(keys(w), keys(g)) {
			return []string{fmt.Sprintf("%s: keys %v, want %v", path, keys(g), keys(w))}
		}
		for k := range w {
			diffs = append(diffs, sameShape(path+"."+k, w[k], g[k])...)
		}
	case []any:
		g := got.([]any)
		if len(w) > 0 && len(g) > 0 {
			diffs = append(diffs, sameShape(path+"[0]", w[0], g[0])...)
		}
	}
	return diffs
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func checkShape(t *testing.T, file string, status, wantStatus int, body []byte) {
	t.Helper()
	if status != wantStatus {
		t.Errorf("%s: status %d, want %d (%s)", file, status, wantStatus, body)
	}
	for _, d := range sameShape("$", decode(t, golden(t, file)), decode(t, body)) {
		t.Errorf("%s: %s\n got %s", file, d, body)
	}
}

func TestWireErrors(t *testing.T) {
	s, c := testOrg(t, Options{})
	lead, _ := s.Insert("Lead", map[string]any{"LastName": "X", "Company": "Y"})
	missing := makeID("00Q", 999999)
	tests := []struct {
		file, method, path string
		body               any
		status             int
		prep               func()
	}{
		{"error_not_found_404.json", "GET", "/sobjects/Lead/" + missing, nil, 404, nil},
		{"error_malformed_id_400.json", "GET", "/sobjects/Account/" + lead, nil, 400, nil},
		{"error_invalid_field_400_restforce.json", "GET", "/query?q=" + urlq("SELECT Naem FROM Account"), nil, 400, nil},
		{"error_malformed_query_400.json", "GET", "/query?q=" + urlq("SELECT FROM Lead"), nil, 400, nil},
		{"error_invalid_session_id_401.json", "GET", "/limits", nil, 401, func() { s.FailNext401(1) }},
		{"error_request_limit_exceeded_403.json", "GET", "/limits", nil, 403, func() { s.SetDailyLimit(s.APICalls()) }},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			if tt.prep != nil {
				tt.prep()
			}
			status, body, hdr := c.do(tt.method, tt.path, tt.body)
			checkShape(t, tt.file, status, tt.status, body)
			if !regexp.MustCompile(`^api-usage=\d+/\d+$`).MatchString(hdr.Get("Sforce-Limit-Info")) {
				t.Errorf("Sforce-Limit-Info = %q", hdr.Get("Sforce-Limit-Info"))
			}
		})
	}
	// the fixtures whose text is Salesforce's own must match word for word
	for _, f := range []string{"error_invalid_session_id_401.json", "error_request_limit_exceeded_403.json", "error_not_found_404.json"} {
		s.SetDailyLimit(1 << 30)
		path := map[string]string{"error_not_found_404.json": "/sobjects/Lead/" + missing}[f]
		if path == "" {
			path = "/limits"
		}
		if f == "error_invalid_session_id_401.json" {
			s.FailNext401(1)
		} else if f == "error_request_limit_exceeded_403.json" {
			s.SetDailyLimit(s.APICalls())
		}
		_, body, _ := c.do("GET", path, nil)
		if !reflect.DeepEqual(decode(t, body), decode(t, golden(t, f))) {
			t.Errorf("%s: got %s", f, body)
		}
	}
}

func TestWireOAuth(t *testing.T) {
	s, c := testOrg(t, Options{})
	o := s.Options()
	form := func(v url.Values) (int, map[string]any) {
		st, b, _ := c.form("/services/oauth2/token", v)
		return st, decode(t, b).(map[string]any)
	}
	st, tok := form(url.Values{"grant_type": {"password"}, "client_id": {o.ClientID}, "client_secret": {o.ClientSecret}, "username": {o.Username}, "password": {o.Password}})
	want := decode(t, golden(t, "oauth_token_password_realcapture_redacted.json")).(map[string]any)
	for k := range want {
		if _, ok := tok[k].(string); !ok || st != 200 {
			t.Errorf("password grant: %d, key %s = %v", st, k, tok[k])
		}
	}
	refresh, _ := tok["refresh_token"].(string)
	st, body, _ := c.form("/services/oauth2/token", url.Values{"grant_type": {"refresh_token"}, "client_id": {o.ClientID}, "client_secret": {o.ClientSecret}, "refresh_token": {refresh}})
	checkShape(t, "oauth_token_refresh.json", st, 200, body)
	st, body, _ = c.form("/services/oauth2/token", url.Values{"grant_type": {"password"}, "client_id": {o.ClientID}, "client_secret": {o.ClientSecret}, "username": {o.Username}, "password": {"wrong"}})
	checkShape(t, "oauth_token_password_error_restforce.json", st, 400, body)
	s.RevokeTokens()
	st, body, _ = c.form("/services/oauth2/token", url.Values{"grant_type": {"refresh_token"}, "client_id": {o.ClientID}, "refresh_token": {refresh}})
	if st != 400 || !reflect.DeepEqual(decode(t, body), decode(t, golden(t, "oauth_token_refresh_error_restforce.json"))) {
		t.Errorf("refresh after revoke: %d %s", st, body)
	}
	if st, body, _ := c.do("GET", "/limits", nil); st != 401 || !strings.Contains(string(body), "INVALID_SESSION_ID") {
		t.Errorf("API call after revoke: %d %s", st, body)
	}
	st, tok = form(url.Values{"grant_type": {"client_credentials"}, "client_id": {o.ClientID}, "client_secret": {"bad"}})
	if st != 400 || tok["error"] != "invalid_client" {
		t.Errorf("bad client secret: %d %v", st, tok)
	}
	st, tok = form(url.Values{"grant_type": {"client_credentials"}, "client_id": {o.ClientID}, "client_secret": {o.ClientSecret}})
	if st != 200 || tok["access_token"] == nil || tok["refresh_token"] != nil {
		t.Errorf("client credentials: %d %v", st, tok)
	}
}

func TestWireSOAPFault(t *testing.T) {
	s, c := testOrg(t, Options{})
	req := strings.Replace(string(golden(t, "soap_login_request.xml")), "your_username", s.Options().Username, 1)
	st, body, _ := c.post("/services/Soap/u/62.0", strings.Replace(req, "your_password", "wrong", 1))
	if st != 500 || strings.TrimSpace(string(body)) != strings.TrimSpace(string(golden(t, "soap_login_fault_invalid_login.xml"))) {
		t.Errorf("fault: %d %s", st, body)
	}
	st, body, _ = c.post("/services/Soap/u/62.0", strings.Replace(req, "your_password", s.Options().Password, 1))
	want := xmlElements(t, golden(t, "soap_login_response_simple_salesforce.xml"))
	if got := xmlElements(t, body); st != 200 || !reflect.DeepEqual(got, want) {
		t.Errorf("login response elements:\n got %v\nwant %v", got, want)
	}
}

func TestWireQueryPages(t *testing.T) {
	s, c := testOrg(t, Options{PageSize: 200})
	acc, _ := s.Insert("Account", map[string]any{"Name": "Bluth"})
	for i := 0; i < 250; i++ {
		s.Insert("Contact", map[string]any{"FirstName": "F", "LastName": fmt.Sprint("L", i), "AccountId": acc})
	}
	st, body, _ := c.do("GET", "/query?q="+urlq("SELECT Id, Name FROM Contact"), nil)
	checkShape(t, "query_response_first_batch_docs_v66.json", st, 200, body)
	next := decode(t, body).(map[string]any)["nextRecordsUrl"].(string)
	if !regexp.MustCompile(`^/services/data/v62\.0/query/01g[0-9A-Za-z]{12}-200$`).MatchString(next) {
		t.Errorf("nextRecordsUrl %q", next)
	}
	st, body, _ = c.do("GET", next, nil)
	if d := sameShape("$", envelope(decode(t, golden(t, "query_more_last_page_restforce.json"))), envelope(decode(t, body))); st != 200 || len(d) > 0 {
		t.Errorf("last page: %d %v", st, d)
	}
	if n := len(decode(t, body).(map[string]any)["records"].([]any)); n != 50 {
		t.Errorf("last page has %d records, want 50", n)
	}
	st, body, _ = c.do("GET", "/query?q="+urlq("SELECT Id FROM Lead"), nil)
	if st != 200 || !reflect.DeepEqual(decode(t, body), decode(t, golden(t, "query_response_empty.json"))) {
		t.Errorf("empty: %s", body)
	}
	s.Insert("Opportunity", map[string]any{"Name": "Illusional Opportunity", "StageName": "Prospecting", "CloseDate": "2024-01-01", "ContactId": s.Records("Contact")[3]["Id"]})
	st, body, _ = c.do("GET", "/query?q="+urlq("SELECT FirstName, (SELECT Name FROM Opportunities) FROM Contact LIMIT 5"), nil)
	checkShape(t, "query_response_subquery_null.json", st, 200, body)
	recs := decode(t, body).(map[string]any)["records"].([]any)
	if recs[0].(map[string]any)["Opportunities"] != nil || recs[3].(map[string]any)["Opportunities"] == nil {
		t.Errorf("child subquery: want null for no rows and an object for rows: %s", body)
	}
}

func TestWireSObjectWrites(t *testing.T) {
	s, c := testOrg(t, Options{})
	st, body, _ := c.do("POST", "/sobjects/Account", map[string]any{"Name": "Acme"})
	checkShape(t, "sobject_create_response.json", st, 201, body)
	id := decode(t, body).(map[string]any)["id"].(string)
	st, body, _ = c.do("PATCH", "/sobjects/Account/"+id, string(golden(t, "sobject_update_request.json")))
	if st != 204 || len(body) != 0 || s.Get("Account", id)["BillingCity"] != "San Francisco" {
		t.Errorf("update: %d %q", st, body)
	}
	st, body, _ = c.do("PATCH", "/sobjects/Lead/Referral_ID__c/R-9", map[string]any{"LastName": "New", "Company": "Co"})
	checkShape(t, "sobject_upsert_created_response_201.json", st, 201, body)
	st, body, _ = c.do("PATCH", "/sobjects/Lead/Referral_ID__c/R-9", map[string]any{"Title": "Boss"})
	checkShape(t, "sobject_upsert_updated_response_200.json", st, 200, body)
	if n := len(s.Records("Lead")); n != 1 {
		t.Errorf("upsert twice made %d leads", n)
	}
}

func TestWireLimitsVersionsDescribe(t *testing.T) {
	_, c := testOrg(t, Options{})
	st, body, _ := c.do("GET", "/limits", nil)
	lim := decode(t, body).(map[string]any)
	want := decode(t, golden(t, "limits_response_docs_v66.json")).(map[string]any)
	for _, k := range []string{"DailyApiRequests", "DataStorageMB", "DailyBulkApiBatches"} {
		if d := sameShape(k, want[k], lim[k]); st != 200 || len(d) > 0 {
			t.Errorf("limits %s: %v", k, d)
		}
	}
	st, body, _ = c.do("GET", "/services/data", nil)
	checkShape(t, "versions_restforce.json", st, 200, body)
	contact := describeCapture(t, "contact")
	for _, obj := range []string{"lead", "contact", "opportunity", "account", "opportunitycontactrole"} {
		st, body, _ := c.do("GET", "/sobjects/"+obj+"/describe", nil)
		got := decode(t, body).(map[string]any)
		if st != 200 || !reflect.DeepEqual(keys(got), keys(contact)) {
			t.Errorf("%s describe: %d keys %v", obj, st, keys(got))
			continue
		}
		wantField := contact["fields"].([]any)[0].(map[string]any)
		for _, f := range got["fields"].([]any) {
			if d := sameKeys(wantField, f.(map[string]any)); d != "" {
				t.Errorf("%s field %v: %s", obj, f.(map[string]any)["name"], d)
			}
		}
	}
}

func sameKeys(want, got map[string]any) string {
	if !reflect.DeepEqual(keys(want), keys(got)) {
		return fmt.Sprintf("keys %v, want %v", keys(got), keys(want))
	}
	return ""
}

func describeCapture(t *testing.T, name string) map[string]any {
	b, err := os.ReadFile("describe/sobject_" + name + "_describe.json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// envelope keeps only the attributes of each record of a query page.
func envelope(v any) any {
	m := v.(map[string]any)
	for i, r := range m["records"].([]any) {
		m["records"].([]any)[i] = map[string]any{"attributes": r.(map[string]any)["attributes"]}
	}
	return m
}
