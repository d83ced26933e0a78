package sfemu

import (
	"net/http"
	"strings"
	"testing"
)

// runQueryJob creates a query job, polls it to its end and returns the final state.
func runQueryJob(t *testing.T, c *client, body map[string]any) (string, map[string]any) {
	t.Helper()
	status, b, _ := c.do("POST", "/jobs/query", body)
	if status != 200 {
		t.Fatalf("create query job: %d %s", status, b)
	}
	job := decode(t, b).(map[string]any)
	if job["state"] != "UploadComplete" || !strings.HasPrefix(job["id"].(string), "750") {
		t.Fatalf("a new query job: %v", job)
	}
	id := job["id"].(string)
	var seen []string
	for i := 0; i < 5; i++ {
		_, b, _ = c.do("GET", "/jobs/query/"+id, nil)
		job = decode(t, b).(map[string]any)
		seen = append(seen, job["state"].(string))
		if st := job["state"]; st == "JobComplete" || st == "Failed" || st == "Aborted" {
			break
		}
	}
	if seen[0] != "InProgress" {
		t.Errorf("states %v: a job runs (InProgress) before it ends", seen)
	}
	return id, job
}

func TestBulkQueryJobPagesCSVByLocator(t *testing.T) {
	s, c := testOrg(t, Options{})
	acc, _ := s.Insert("Account", map[string]any{"Name": `Quote "and", comma`})
	for i := 0; i < 5; i++ {
		s.Insert("Contact", map[string]any{"LastName": "Kid", "AccountId": acc})
	}
	id, job := runQueryJob(t, c, map[string]any{"operation": "query", "query": "SELECT Id, LastName, Account.Name, IsDeleted FROM Contact ORDER BY Id", "columnDelimiter": "PIPE", "lineEnding": "CRLF"})
	if job["state"] != "JobComplete" || job["numberRecordsProcessed"] != 5.0 || job["jobType"] != "V2Query" {
		t.Fatalf("finished job: %v", job)
	}
	var rows []string
	loc := ""
	for pages := 0; pages < 10; pages++ {
		path := "/jobs/query/" + id + "/results?maxRecords=2"
		if loc != "" {
			path += "&locator=" + loc
		}
		status, b, h := c.do("GET", path, nil)
		if status != 200 || h.Get("Content-Type") != "text/csv" {
			t.Fatalf("results: %d %s", status, b)
		}
		lines := strings.Split(strings.TrimSuffix(string(b), "\r\n"), "\r\n")
		if lines[0] != `"Id"|"LastName"|"Account.Name"|"IsDeleted"` {
			t.Fatalf("header %q", lines[0])
		}
		if n := h.Get("Sforce-NumberOfRecords"); n != "2" && n != "1" {
			t.Errorf("Sforce-NumberOfRecords %q", n)
		}
		rows = append(rows, lines[1:]...)
		if loc = h.Get("Sforce-Locator"); loc == "null" {
			break
		}
	}
	if len(rows) != 5 || !strings.HasSuffix(rows[0], `|"Kid"|"Quote ""and"", comma"|"false"`) {
		t.Fatalf("rows %q", rows)
	}
}

func TestBulkQueryRefusals(t *testing.T) {
	s, c := testOrg(t, Options{})
	for _, tc := range []struct{ q, code, words string }{
		{"SELECT Id, Address FROM Lead", "API_ERROR", "Selecting compound data not supported in Bulk Query"},
		{"SELECT COUNT() FROM Lead", "API_ERROR", "Aggregate"},
		{"SELECT Name, (SELECT Id FROM Contacts) FROM Account", "API_ERROR", "Aggregate Relationship"},
		{"SELECT Naem FROM Lead", "INVALID_FIELD", "No such column 'Naem'"},
	} {
		status, b, _ := c.do("POST", "/jobs/query", map[string]any{"operation": "query", "query": tc.q})
		if status != 400 || !strings.Contains(string(b), tc.code) || !strings.Contains(string(b), tc.words) {
			t.Errorf("%s: %d %s, want 400 %s %q", tc.q, status, b, tc.code, tc.words)
		}
	}
	if status, b, _ := c.do("GET", "/jobs/query/750Em0000000zzzAAA", nil); status != 404 || !strings.Contains(string(b), "NOT_FOUND") {
		t.Errorf("unknown job: %d %s", status, b)
	}
	s.FailNextBulkQueries(1, "InternalServerError : retry later")
	id, job := runQueryJob(t, c, map[string]any{"operation": "query", "query": "SELECT Id FROM Lead"})
	if job["state"] != "Failed" || job["errorMessage"] != "InternalServerError : retry later" {
		t.Fatalf("failed job: %v", job)
	}
	if status, b, _ := c.do("GET", "/jobs/query/"+id+"/results", nil); status != 400 || !strings.Contains(string(b), "INVALIDJOB") {
		t.Errorf("results of a failed job: %d %s", status, b)
	}
}

func TestBulkIngestUpsertStatesAndResults(t *testing.T) {
	s, c := testOrg(t, Options{})
	s.Insert("Lead", map[string]any{"LastName": "Old", "Company": "Co", "Referral_ID__c": "R-1"})
	status, b, _ := c.do("POST", "/jobs/ingest", map[string]any{"object": "Lead", "operation": "upsert", "externalIdFieldName": "Referral_ID__c", "lineEnding": "LF"})
	job := decode(t, b).(map[string]any)
	if status != 200 || job["state"] != "Open" {
		t.Fatalf("create ingest job: %d %s", status, b)
	}
	id := job["id"].(string)
	csv := "Referral_ID__c,LastName,Company\nR-1,Updated,Co\nR-2,New,Co\nR-3,,Co\n"
	if status, b, _ := c.do("PUT", "/jobs/ingest/"+id+"/batches", csv); status != http.StatusCreated {
		t.Fatalf("upload: %d %s", status, b)
	}
	if status, b, _ := c.do("PATCH", "/jobs/ingest/"+id, map[string]any{"state": "UploadComplete"}); status != 200 || !strings.Contains(string(b), "UploadComplete") {
		t.Fatalf("close: %d %s", status, b)
	}
	if status, b, _ := c.do("PUT", "/jobs/ingest/"+id+"/batches", csv); status != 400 || !strings.Contains(string(b), "INVALIDJOB") {
		t.Errorf("upload to a closed job: %d %s", status, b)
	}
	for i := 0; i < 3 && job["state"] != "JobComplete"; i++ {
		_, b, _ = c.do("GET", "/jobs/ingest/"+id, nil)
		job = decode(t, b).(map[string]any)
	}
	if job["numberRecordsProcessed"] != 3.0 || job["numberRecordsFailed"] != 1.0 {
		t.Fatalf("job: %v", job)
	}
	_, ok, _ := c.do("GET", "/jobs/ingest/"+id+"/successfulResults/", nil)
	_, bad, _ := c.do("GET", "/jobs/ingest/"+id+"/failedResults/", nil)
	if !strings.HasPrefix(string(ok), `"sf__Id","sf__Created","Referral_ID__c"`) || strings.Count(string(ok), "\n") != 3 ||
		!strings.Contains(string(bad), "REQUIRED_FIELD_MISSING") {
		t.Fatalf("results:\n%s\n%s", ok, bad)
	}
	if got, _ := s.Query("SELECT LastName FROM Lead WHERE Referral_ID__c = 'R-1'"); got[0]["LastName"] != "Updated" {
		t.Errorf("upsert did not update R-1: %v", got)
	}
}
