package sfemu

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The calls the README's "The emulator's REST API" section shows, as shown:
// token by client credentials, a query, a Lead created, an Opportunity moved
// to Closed Won, a describe, and the record page a browser link opens.
func TestReadmeRESTWalkthrough(t *testing.T) {
	s, err := Start("127.0.0.1:0", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	opp, err := s.Insert("Opportunity", map[string]any{"Name": "Acme", "StageName": "Prospecting", "CloseDate": "2026-12-31"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.PostForm(s.URL()+"/services/oauth2/token", url.Values{"grant_type": {"client_credentials"},
		"client_id": {"refsync-demo"}, "client_secret": {"refsync-demo-secret"}})
	if err != nil {
		t.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	json.NewDecoder(res.Body).Decode(&tok)
	res.Body.Close()
	if tok.AccessToken == "" {
		t.Fatalf("no access token: %d", res.StatusCode)
	}
	call := func(method, path, body string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(method, s.URL()+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	v := "/services/data/v62.0"
	if code, body := call("GET", v+"/query?q=SELECT+Id,Name,StageName+FROM+Opportunity+LIMIT+5", ""); code != 200 || !strings.Contains(body, opp) {
		t.Fatalf("query: %d %s", code, body)
	}
	code, body := call("POST", v+"/sobjects/Lead", `{"FirstName":"Ann","LastName":"Lee","Company":"Lee Co","Email":"ann@example.com"}`)
	if code != 201 || !strings.Contains(body, `"success":true`) || !strings.Contains(body, `"id":"00Q`) {
		t.Fatalf("create Lead: %d %s", code, body)
	}
	if code, body := call("PATCH", v+"/sobjects/Opportunity/"+opp, `{"StageName":"Closed Won"}`); code != 204 || s.Get("Opportunity", opp)["StageName"] != "Closed Won" {
		t.Fatalf("update Opportunity: %d %s", code, body)
	}
	if code, body := call("GET", v+"/sobjects/Lead/describe", ""); code != 200 || !strings.Contains(body, `"picklistValues"`) {
		t.Fatalf("describe: %d", code)
	}
	if res, err := http.Get(s.URL() + "/" + opp); err != nil || res.StatusCode != 200 {
		t.Fatalf("record page: %v %v", err, res)
	} else {
		res.Body.Close()
	}
}
