package sfemu

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"

	"github.com/simpleforce/simpleforce"
)

// TestTrailingSlashInstanceURL: simpleforce with an instance URL ending in
// "/" sends //services/data/..., as the Salesforce CLI does.
func TestTrailingSlashInstanceURL(t *testing.T) {
	s, c := testOrg(t, Options{})
	s.Insert("Lead", map[string]any{"LastName": "Slash", "Company": "C"})
	sf := simpleforce.NewClient(s.URL(), "x", APIVersion)
	sf.SetSidLoc(c.token, s.URL()+"/")
	res, err := sf.Query("SELECT Id, LastName FROM Lead")
	if err != nil || res.TotalSize != 1 || res.Records[0].StringField("LastName") != "Slash" {
		t.Fatalf("query through //services: %v %v", res, err)
	}
	if got := sf.SObject("Lead").Get(res.Records[0].ID()); got == nil {
		t.Fatal("record read through //services failed")
	}
}

// TestQueryColumns compares a columns=true answer with the CLI's own fixture.
func TestQueryColumns(t *testing.T) {
	s, c := testOrg(t, Options{})
	s.Insert("Account", map[string]any{"Name": "A"})
	status, body, _ := c.do("GET", "/query?columns=true&q="+urlq("SELECT Name, (SELECT LastName FROM Contacts) FROM Account"), nil)
	var got, want map[string]any
	_ = json.Unmarshal(body, &got)
	b, err := os.ReadFile("testdata/salesforce/query_columns_plugin_data.json")
	if err != nil {
		t.Fatal(err)
	}
	_ = json.Unmarshal(b, &want)
	if status != 200 || got["entityName"] != "Account" || got["keyPrefix"] != "001" || got["idSelected"] != false {
		t.Fatalf("columns: %d %s", status, body)
	}
	// Account.Name is writable in the emulator (as in a real org); the fixture's
	// org reported it read-only, so compare everything but those two flags.
	gc := got["columnMetadata"].([]any)
	gc[0].(map[string]any)["insertable"], gc[0].(map[string]any)["updatable"] = false, false
	if !reflect.DeepEqual(gc, want["columnMetadata"]) {
		t.Fatalf("columnMetadata\n got %v\nwant %v", gc, want["columnMetadata"])
	}
	_, body, _ = c.do("GET", "/query?columns=true&q="+urlq("SELECT Id, Owner.Email FROM Lead"), nil)
	cols := decode(t, body).(map[string]any)["columnMetadata"].([]any)
	owner := cols[1].(map[string]any)
	if decode(t, body).(map[string]any)["idSelected"] != true || owner["foreignKeyName"] != "OwnerId" ||
		owner["joinColumns"].([]any)[0].(map[string]any)["columnName"] != "Email" {
		t.Fatalf("parent column: %s", body)
	}
}

func TestOrganizationAndToolingThroughSimpleforce(t *testing.T) {
	s, c := testOrg(t, Options{})
	sf := simpleforceClient(t, s)
	res, err := sf.Query("SELECT Id, Name, InstanceName, IsSandbox, TrialExpirationDate, NamespacePrefix, OrganizationType FROM Organization")
	if err != nil || res.TotalSize != 1 {
		t.Fatalf("%v %v", res, err)
	}
	org := res.Records[0]
	if org.ID() != s.orgID || org.StringField("OrganizationType") != "Developer Edition" || org.InterfaceField("IsSandbox") != false {
		t.Fatalf("organization: %v", org)
	}
	if sf.SObject("Organization").Set("Name", "x").Create() != nil {
		t.Fatal("an Organization was created through the API")
	}
	status, body, _ := c.do("GET", "/tooling/query?q="+urlq("SELECT Id, Status FROM SandboxProcess WHERE SandboxOrganization = '00D000000000001' ORDER BY CreatedDate DESC"), nil)
	if m := decode(t, body).(map[string]any); status != 200 || m["size"] != 0.0 || m["done"] != true {
		t.Fatalf("tooling SandboxProcess: %d %s", status, body)
	}
}
