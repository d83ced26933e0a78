//go:build e2e

package sfemu

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSalesforceCLIWalk takes the everyday walk a Salesforce CLI user takes
// through a fresh org, each step judged on what a real org answers: login,
// org display, creates, the query forms, update, get, describe and list,
// limits and record counts, delete, tree export and import, SOSL search, and
// the Bulk API 2.0 upsert and export.
// Run with: go test -tags e2e -run SalesforceCLIWalk ./connector/sfemu/
func TestSalesforceCLIWalk(t *testing.T) {
	sf := newSFCLI(t)
	defer outsideUntouched(t)()
	s, c := testOrg(t, Options{})
	dir := sf.home
	login := sf.run([]string{"SF_ACCESS_TOKEN=" + c.token}, "org", "login", "access-token", "--instance-url", s.URL(), "--no-prompt", "--alias", "emu")
	if login["orgId"] != s.orgID {
		t.Fatalf("login: %v", login)
	}
	if d := sf.run(nil, "org", "display", "-o", "emu"); d["id"] != s.orgID || strings.TrimSuffix(d["instanceUrl"].(string), "/") != s.URL() || d["username"] != s.Options().Username {
		t.Fatalf("org display: %v", d)
	}
	create := func(obj, values string) string {
		t.Helper()
		r := sf.run(nil, "data", "create", "record", "-o", "emu", "-s", obj, "-v", values)
		id, _ := r["id"].(string)
		if r["success"] != true || s.Get(obj, id) == nil {
			t.Fatalf("create %s: %v", obj, r)
		}
		return id
	}
	acc := create("Account", "Name='Acme Rockets'")
	ada := create("Contact", "LastName=Lovelace FirstName=Ada AccountId="+acc)
	bob := create("Contact", "LastName=Babbage AccountId="+acc)

	q := func(soql string, extra ...string) map[string]any {
		return sf.run(nil, append([]string{"data", "query", "-o", "emu", "-q", soql}, extra...)...)
	}
	if got := q("SELECT Id, Name FROM Account"); got["totalSize"] != 1.0 {
		t.Errorf("plain query: %v", got)
	}
	parent := q("SELECT LastName, Account.Name FROM Contact WHERE Id = '" + ada + "'")["records"].([]any)[0].(map[string]any)
	if parent["Account"].(map[string]any)["Name"] != "Acme Rockets" {
		t.Errorf("parent field: %v", parent)
	}
	kids := q("SELECT Name, (SELECT LastName FROM Contacts) FROM Account")["records"].([]any)[0].(map[string]any)["Contacts"].(map[string]any)
	if kids["totalSize"] != 2.0 {
		t.Errorf("child subquery: %v", kids)
	}
	if got := q("SELECT COUNT() FROM Contact"); got["totalSize"] != 2.0 {
		t.Errorf("COUNT(): %v", got)
	}
	csvFile := filepath.Join(dir, "contacts.csv")
	q("SELECT Id, LastName FROM Contact ORDER BY LastName", "--result-format", "csv", "--output-file", csvFile)
	if b, err := os.ReadFile(csvFile); err != nil || !strings.HasPrefix(string(b), "Id,LastName") || !strings.Contains(string(b), bob+",Babbage") {
		t.Errorf("csv output file: %v\n%s", err, b)
	}

	sf.run(nil, "data", "update", "record", "-o", "emu", "-s", "Contact", "-i", ada, "-v", "Title=Analyst")
	if s.Get("Contact", ada)["Title"] != "Analyst" {
		t.Errorf("update record: %v", s.Get("Contact", ada)["Title"])
	}
	if got := sf.run(nil, "data", "get", "record", "-o", "emu", "-s", "Contact", "-i", ada); got["Title"] != "Analyst" || got["AccountId"] != acc {
		t.Errorf("get record by id: %v", got)
	}
	if got := sf.run(nil, "data", "get", "record", "-o", "emu", "-s", "Contact", "-w", "LastName=Babbage"); got["Id"] != bob {
		t.Errorf("get record by -w: %v", got["Id"])
	}
	if d := sf.run(nil, "sobject", "describe", "-o", "emu", "-s", "Account"); d["name"] != "Account" || d["keyPrefix"] != "001" {
		t.Errorf("sobject describe: %v %v", d["name"], d["keyPrefix"])
	}
	walkLists(t, sf, s)

	sf.run(nil, "data", "delete", "record", "-o", "emu", "-s", "Contact", "-i", bob)
	if got := q("SELECT Id FROM Contact"); got["totalSize"] != 1.0 {
		t.Errorf("after delete: %v", got["totalSize"])
	}
	deleted := q("SELECT Id, IsDeleted FROM Contact WHERE IsDeleted = true", "--all-rows")
	if deleted["totalSize"] != 1.0 || deleted["records"].([]any)[0].(map[string]any)["Id"] != bob {
		t.Errorf("--all-rows: %v", deleted)
	}
	walkTree(t, sf, s, dir)
	walkSearchAndBulk(t, sf, s, dir)
}

// walkLists: sobject list, org list limits, org list sobject record-counts.
func walkLists(t *testing.T, sf *sfCLI, s *Server) {
	t.Helper()
	list := sf.runAny(nil, "sobject", "list", "-o", "emu", "--sobject", "all")
	if names, _ := list.([]any); len(names) < 5 || !containsAny(names, "Account") || !containsAny(names, "Lead") {
		t.Errorf("sobject list: %v", list)
	}
	limits, _ := sf.runAny(nil, "org", "list", "limits", "-o", "emu").([]any)
	found := false
	for _, l := range limits {
		m := l.(map[string]any)
		found = found || m["name"] == "DailyApiRequests" && m["max"] == float64(s.Options().DailyLimit)
	}
	if !found {
		t.Errorf("org list limits: no DailyApiRequests of %d in %v", s.Options().DailyLimit, limits)
	}
	counts, _ := sf.runAny(nil, "org", "list", "sobject", "record-counts", "-o", "emu", "-s", "Account", "-s", "Contact").([]any)
	want := map[string]float64{"Account": 1, "Contact": 2}
	for _, x := range counts {
		m := x.(map[string]any)
		if w, ok := want[m["name"].(string)]; ok && m["count"] == w {
			delete(want, m["name"].(string))
		}
	}
	if len(want) != 0 {
		t.Errorf("record-counts: %v, missing %v", counts, want)
	}
}

// walkTree exports Account with its Contacts as a plan and imports it again.
func walkTree(t *testing.T, sf *sfCLI, s *Server, dir string) {
	t.Helper()
	out := filepath.Join(dir, "tree")
	sf.runAny(nil, "data", "export", "tree", "-o", "emu", "--plan", "--output-dir", out,
		"-q", "SELECT Name, (SELECT LastName, FirstName, Title FROM Contacts) FROM Account")
	plans, _ := filepath.Glob(filepath.Join(out, "*plan.json"))
	if len(plans) != 1 {
		t.Fatalf("export tree --plan wrote %v", plans)
	}
	sf.runAny(nil, "data", "import", "tree", "-o", "emu", "--plan", plans[0])
	got, _ := s.Query("SELECT Name, (SELECT LastName, Title FROM Contacts) FROM Account WHERE Name = 'Acme Rockets'")
	if len(got) != 2 {
		t.Fatalf("import tree: %d accounts named Acme Rockets, want the original and its copy", len(got))
	}
	copied := got[1]["Contacts"].(map[string]any)
	if copied["totalSize"] != 1.0 || copied["records"].([]any)[0].(map[string]any)["Title"] != "Analyst" {
		t.Errorf("imported contacts: %v", copied)
	}
}

// walkSearchAndBulk: SOSL, Bulk API 2.0 upsert and export.
func walkSearchAndBulk(t *testing.T, sf *sfCLI, s *Server, dir string) {
	t.Helper()
	found := sf.run(nil, "data", "search", "-o", "emu", "-q", "FIND {Lovelace} IN Name Fields RETURNING Contact (Name, Title)")
	recs, _ := found["searchRecords"].([]any)
	if len(recs) != 2 || recs[0].(map[string]any)["Title"] != "Analyst" {
		t.Errorf("data search: %v", found)
	}
	s.Insert("Lead", map[string]any{"LastName": "Before", "Company": "Old Co", "Referral_ID__c": "R-1"})
	in := filepath.Join(dir, "leads.csv")
	os.WriteFile(in, []byte("Referral_ID__c,LastName,Company\nR-1,After,New Co\nR-2,Fresh,New Co\n"), 0o600)
	up := sf.run(nil, "data", "upsert", "bulk", "-o", "emu", "-s", "Lead", "--file", in, "--external-id", "Referral_ID__c", "--wait", "2")
	if info, _ := up["jobInfo"].(map[string]any); info["numberRecordsProcessed"] != 2.0 || info["numberRecordsFailed"] != 0.0 || info["apiVersion"] != 62.0 {
		t.Errorf("upsert bulk: %v", up)
	}
	if got, _ := s.Query("SELECT LastName FROM Lead WHERE Referral_ID__c IN ('R-1', 'R-2') ORDER BY Referral_ID__c"); len(got) != 2 || got[0]["LastName"] != "After" {
		t.Errorf("after upsert bulk: %v", got)
	}
	out := filepath.Join(dir, "leads-out.csv")
	ex := sf.run(nil, "data", "export", "bulk", "-o", "emu", "-q", "SELECT Id, LastName, Company FROM Lead ORDER BY LastName", "--output-file", out, "--wait", "2")
	b, err := os.ReadFile(out)
	if err != nil || ex["totalSize"] != 2.0 || !strings.HasPrefix(string(b), `"Id","LastName","Company"`) || !strings.Contains(string(b), `,"After","New Co"`) {
		t.Errorf("export bulk: %v %v\n%s", ex, err, b)
	}
}

func containsAny(list []any, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
