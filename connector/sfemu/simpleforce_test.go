package sfemu

import (
	"errors"
	"testing"

	"github.com/simpleforce/simpleforce"
)

// simpleforceClient logs in through simpleforce's SOAP LoginPassword.
func simpleforceClient(t *testing.T, s *Server) *simpleforce.Client {
	t.Helper()
	o := s.Options()
	sf := simpleforce.NewClient(s.URL(), o.ClientID, "62.0")
	if err := sf.LoginPassword(o.Username, o.Password, o.SecurityToken); err != nil {
		t.Fatalf("LoginPassword: %v", err)
	}
	return sf
}

func TestSimpleforceLoginPassword(t *testing.T) {
	tests := []struct {
		name, user, pass, token string
		wantErr                 bool
	}{
		{"right password and token", "u@x.example", "pw", "TOK", false},
		{"missing token", "u@x.example", "pw", "", true},
		{"wrong password", "u@x.example", "nope", "TOK", true},
		{"wrong user", "other@x.example", "pw", "TOK", true},
	}
	s, _ := testOrg(t, Options{Username: "u@x.example", Password: "pw", SecurityToken: "TOK"})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sf := simpleforce.NewClient(s.URL(), "any-client", "62.0")
			err := sf.LoginPassword(tt.user, tt.pass, tt.token)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				var sfe simpleforce.SalesforceError
				if !errors.As(err, &sfe) || sfe.ErrorCode != "INVALID_LOGIN" || sfe.HttpCode != 500 {
					t.Fatalf("err = %#v, want INVALID_LOGIN fault with HTTP 500", err)
				}
				return
			}
			if sf.GetLoc() != s.URL() || sf.GetSid() == "" {
				t.Fatalf("instance %q sid %q", sf.GetLoc(), sf.GetSid())
			}
		})
	}
}

func TestSimpleforceSetSidLoc(t *testing.T) {
	s, c := testOrg(t, Options{})
	sf := simpleforce.NewClient(s.URL(), "x", "62.0")
	sf.SetSidLoc(c.token, s.URL())
	if _, err := sf.Query("SELECT Id FROM Lead"); err != nil {
		t.Fatalf("query with an OAuth token set by SetSidLoc: %v", err)
	}
	sf.SetSidLoc("00Dbogus!token", s.URL())
	_, err := sf.Query("SELECT Id FROM Lead")
	var sfe simpleforce.SalesforceError
	if !errors.As(err, &sfe) || sfe.HttpCode != 401 || sfe.ErrorCode != "INVALID_SESSION_ID" {
		t.Fatalf("bad token: err = %v, want 401 INVALID_SESSION_ID", err)
	}
}

func TestSimpleforceQueryPaging(t *testing.T) {
	s, _ := testOrg(t, Options{PageSize: 200})
	for i := 0; i < 450; i++ {
		if _, err := s.Insert("Lead", map[string]any{"LastName": "L" + string(rune('A'+i%26)), "Company": "C"}); err != nil {
			t.Fatal(err)
		}
	}
	sf := simpleforceClient(t, s)
	res, err := sf.Query("SELECT Id, LastName FROM Lead ORDER BY Id")
	if err != nil {
		t.Fatal(err)
	}
	seen, pages := map[string]bool{}, 1
	for {
		for _, r := range res.Records {
			seen[r.ID()] = true
		}
		if res.Done {
			break
		}
		if res.TotalSize != 450 || res.NextRecordsURL == "" {
			t.Fatalf("page %d: totalSize %d next %q", pages, res.TotalSize, res.NextRecordsURL)
		}
		if res, err = sf.Query(res.NextRecordsURL); err != nil {
			t.Fatalf("queryMore: %v", err)
		}
		pages++
	}
	if len(seen) != 450 || pages != 3 {
		t.Fatalf("saw %d distinct records in %d pages, want 450 in 3", len(seen), pages)
	}
}

func TestSimpleforceCreateUpdateGetDescribe(t *testing.T) {
	s, _ := testOrg(t, Options{})
	sf := simpleforceClient(t, s)
	lead := sf.SObject("Lead").Set("FirstName", "Ada").Set("LastName", "Lovelace").Set("Company", "Engines").
		Set("Email", "ada@example.com").Set("Referral_ID__c", "R-1")
	if lead.Create() == nil || lead.ID() == "" {
		t.Fatal("Create through the trailing-slash path failed")
	}
	upd := sf.SObject("Lead").Set("Id", lead.ID()).Set("Title", "Countess")
	if upd.Update() == nil {
		t.Fatal("Update failed")
	}
	got := sf.SObject("Lead").Get(lead.ID())
	if got == nil {
		t.Fatal("Get failed")
	}
	if got.StringField("Title") != "Countess" || got.StringField("Name") != "Ada Lovelace" || got.StringField("Referral_ID__c") != "R-1" {
		t.Fatalf("Get: Title %q Name %q Referral %q", got.StringField("Title"), got.StringField("Name"), got.StringField("Referral_ID__c"))
	}
	if s.Get("Lead", lead.ID())["Title"] != "Countess" {
		t.Fatal("update not stored")
	}
	meta := sf.SObject("Lead").Describe()
	if meta == nil {
		t.Fatal("Describe failed")
	}
	names := map[string]bool{}
	for _, f := range (*meta)["fields"].([]any) {
		names[f.(map[string]any)["name"].(string)] = true
	}
	for _, want := range []string{"Email", "Referral_ID__c", "Member_Code__c", "IsConverted"} {
		if !names[want] {
			t.Errorf("describe lacks %s", want)
		}
	}
	bad := sf.SObject("Lead").Set("LastName", "X").Set("Company", "Y").Set("NumberOfEmployees", "many")
	if bad.Create() != nil {
		t.Fatal("a string in a number field was accepted")
	}
}
