package sfemu

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/simpleforce/simpleforce"
)

// sfErr asserts err is a Salesforce error with the given status and code.
func sfErr(t *testing.T, err error, status int, code string) {
	t.Helper()
	var sfe simpleforce.SalesforceError
	if !errors.As(err, &sfe) || sfe.HttpCode != status || sfe.ErrorCode != code {
		t.Fatalf("err = %#v, want %d %s", err, status, code)
	}
}

func TestQueryTimeoutThroughSimpleforce(t *testing.T) {
	s, _ := testOrg(t, Options{})
	sf := simpleforceClient(t, s)
	s.TimeOutNextQueries(2)
	for i := 0; i < 2; i++ {
		_, err := sf.Query("SELECT Id FROM Lead")
		sfErr(t, err, 400, "QUERY_TIMEOUT")
	}
	if _, err := sf.Query("SELECT Id FROM Lead"); err != nil {
		t.Fatalf("third query after two timeouts: %v", err)
	}
}

func TestAPIDisabledThroughSimpleforce(t *testing.T) {
	s, _ := testOrg(t, Options{})
	sf := simpleforceClient(t, s)
	s.SetAPIDisabled(true)
	_, err := sf.Query("SELECT Id FROM Lead")
	sfErr(t, err, 403, "API_DISABLED_FOR_ORG")
	err = simpleforce.NewClient(s.URL(), "x", "62.0").LoginPassword(s.Options().Username, s.Options().Password, "")
	sfErr(t, err, 500, "API_DISABLED_FOR_ORG")
	s.SetAPIDisabled(false)
	if _, err := sf.Query("SELECT Id FROM Lead"); err != nil {
		t.Fatalf("after the API is enabled again: %v", err)
	}
}

func TestInsufficientAccessThroughSimpleforce(t *testing.T) {
	s, _ := testOrg(t, Options{})
	acc, _ := s.Insert("Account", map[string]any{"Name": "Acme"})
	s.Insert("Contact", map[string]any{"LastName": "Doe", "AccountId": acc})
	sf := simpleforceClient(t, s)
	if err := s.DenyObject("Account", true); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"SELECT Id FROM Account", "SELECT Account.Name FROM Contact", "SELECT Name, (SELECT Id FROM Contacts) FROM Account"} {
		_, err := sf.Query(q)
		sfErr(t, err, 403, "INSUFFICIENT_ACCESS")
	}
	if sf.SObject("Account").Get(acc) != nil || sf.SObject("Account").Set("Name", "B").Create() != nil {
		t.Fatal("a denied object was read or written")
	}
	if _, err := sf.Query("SELECT LastName FROM Contact"); err != nil {
		t.Fatalf("another object stays readable: %v", err)
	}
	if err := s.DenyObject("Account", false); err != nil {
		t.Fatal(err)
	}
	if sf.SObject("Account").Get(acc) == nil {
		t.Fatal("access given back, the record still cannot be read")
	}
	if s.DenyObject("Nope__c", true) == nil {
		t.Fatal("an unknown object was accepted")
	}
}

func TestHiddenFieldThroughSimpleforce(t *testing.T) {
	s, _ := testOrg(t, Options{HiddenFields: []string{"Lead.Email"}})
	id, _ := s.Insert("Lead", map[string]any{"LastName": "Doe", "Company": "C", "Email": "doe@example.com"})
	sf := simpleforceClient(t, s)
	meta := sf.SObject("Lead").Describe()
	for _, f := range (*meta)["fields"].([]any) {
		if f.(map[string]any)["name"] == "Email" {
			t.Fatal("describe lists a hidden field")
		}
	}
	_, err := sf.Query("SELECT Id, Email FROM Lead")
	sfErr(t, err, 400, "INVALID_FIELD")
	_, err = sf.Query("SELECT Id FROM Lead WHERE Email = 'doe@example.com'")
	sfErr(t, err, 400, "INVALID_FIELD")
	got := sf.SObject("Lead").Get(id)
	if got == nil || got.InterfaceField("Email") != nil || got.StringField("LastName") != "Doe" {
		t.Fatalf("record read shows a hidden field: %v", got)
	}
	if sf.SObject("Lead").Set("LastName", "X").Set("Company", "C").Set("Email", "x@example.com").Create() != nil {
		t.Fatal("a write to a hidden field was accepted")
	}
	if err := s.HideField("Lead", "Email", false); err != nil {
		t.Fatal(err)
	}
	if res, err := sf.Query("SELECT Email FROM Lead"); err != nil || res.Records[0].StringField("Email") != "doe@example.com" {
		t.Fatalf("shown again: %v %v", res, err)
	}
	if _, err := New(Options{HiddenFields: []string{"LeadEmail"}}); err == nil || !strings.Contains(err.Error(), "Object.Field") {
		t.Fatalf("a malformed hidden field: %v", err)
	}
}

func TestChildListPagesThroughSimpleforce(t *testing.T) {
	s, _ := testOrg(t, Options{ChildPageSize: 200})
	acc, _ := s.Insert("Account", map[string]any{"Name": "Big"})
	small, _ := s.Insert("Account", map[string]any{"Name": "Small"})
	for i := 0; i < 450; i++ {
		s.Insert("Contact", map[string]any{"LastName": "C", "AccountId": acc})
	}
	s.Insert("Contact", map[string]any{"LastName": "Only", "AccountId": small})
	sf := simpleforceClient(t, s)
	res, err := sf.Query("SELECT Name, (SELECT Id, LastName FROM Contacts) FROM Account ORDER BY Name")
	if err != nil || len(res.Records) != 2 {
		t.Fatalf("%v %v", res, err)
	}
	kids := res.Records[0].InterfaceField("Contacts").(map[string]any)
	if kids["done"] != false || kids["totalSize"] != 450.0 || len(kids["records"].([]any)) != 200 {
		t.Fatalf("big child list: done %v totalSize %v rows %d", kids["done"], kids["totalSize"], len(kids["records"].([]any)))
	}
	if one := res.Records[1].InterfaceField("Contacts").(map[string]any); one["done"] != true || one["nextRecordsUrl"] != nil {
		t.Fatalf("small child list: %v", one)
	}
	seen := map[string]bool{}
	for _, r := range kids["records"].([]any) {
		seen[r.(map[string]any)["Id"].(string)] = true
	}
	next, pages := kids["nextRecordsUrl"].(string), 1
	for next != "" && pages < 10 {
		page, err := sf.Query(next)
		if err != nil {
			t.Fatalf("child page %d: %v", pages+1, err)
		}
		for _, r := range page.Records {
			seen[r.ID()] = true
			if r.Type() != "Contact" || r.StringField("LastName") != "C" {
				t.Fatalf("child page row %v", r)
			}
		}
		next, pages = page.NextRecordsURL, pages+1
	}
	if len(seen) != 450 || pages != 3 {
		t.Fatalf("walked %d distinct children in %d pages, want 450 in 3", len(seen), pages)
	}
}

func TestRefreshTokenRotation(t *testing.T) {
	for _, rotate := range []bool{false, true} {
		s, c := testOrg(t, Options{RotateRefreshTokens: rotate})
		o := s.Options()
		_, body, _ := c.form("/services/oauth2/token", url.Values{"grant_type": {"password"}, "client_id": {o.ClientID},
			"client_secret": {o.ClientSecret}, "username": {o.Username}, "password": {o.Password}})
		first := decode(t, body).(map[string]any)["refresh_token"].(string)
		refresh := func(tok string) (int, map[string]any) {
			st, b, _ := c.form("/services/oauth2/token", url.Values{"grant_type": {"refresh_token"}, "client_id": {o.ClientID},
				"client_secret": {o.ClientSecret}, "refresh_token": {tok}})
			return st, decode(t, b).(map[string]any)
		}
		st, got := refresh(first)
		second, _ := got["refresh_token"].(string)
		if st != 200 || got["access_token"] == nil || (second != "") != rotate || second == first {
			t.Fatalf("rotate %v: first refresh %d %v", rotate, st, got)
		}
		st, got = refresh(first)
		if rotate && (st != 400 || got["error"] != "invalid_grant") || !rotate && st != 200 {
			t.Fatalf("rotate %v: the used refresh token again: %d %v", rotate, st, got)
		}
		if rotate {
			if st, _ = refresh(second); st != 200 {
				t.Fatalf("the new refresh token: %d", st)
			}
		}
	}
}
