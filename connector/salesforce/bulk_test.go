package salesforce_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/refsync/refsync/connector/salesforce"
	"github.com/refsync/refsync/connector/sfemu"
)

func TestBulkQueryReadsEveryPageAsRESTRecords(t *testing.T) {
	e := newEmu(t, sfemu.Options{})
	acc, _ := e.srv.Insert("Account", map[string]any{"Name": "Parent Co"})
	for i := 0; i < 7; i++ {
		e.srv.Insert("Contact", map[string]any{"LastName": "Kid", "AccountId": acc})
	}
	c := e.client(t, e.config(salesforce.AuthClientCredentials))
	var recs []salesforce.Record
	var prog []salesforce.BulkProgress
	before := e.srv.APICalls()
	err := c.BulkQuery(t.Context(), "SELECT Id, SystemModstamp, IsDeleted, Account.Name, Email FROM Contact WHERE AccountId = '"+acc+"' ORDER BY SystemModstamp, Id",
		salesforce.BulkQueryOptions{All: true, MaxRecords: 3, Poll: time.Millisecond, Progress: func(p salesforce.BulkProgress) { prog = append(prog, p) }},
		func(p salesforce.Page) error { recs = append(recs, p.Records...); return nil })
	if err != nil || len(recs) != 7 {
		t.Fatalf("bulk query: %d records, %v", len(recs), err)
	}
	r := recs[0]
	if r["IsDeleted"] != false || r["Email"] != nil || r["Account"].(map[string]any)["Name"] != "Parent Co" ||
		!strings.HasSuffix(r["SystemModstamp"].(string), "+0000") || r.Type() != "Contact" {
		t.Errorf("record as REST gives it: %v", r)
	}
	last := prog[len(prog)-1]
	if last.Read != 7 || last.Processed != 7 || last.State != salesforce.BulkJobComplete {
		t.Errorf("progress %+v", last)
	}
	// create + 2 polls (InProgress, JobComplete) + 3 result pages (login not counted by the org)
	if calls := e.srv.APICalls() - before; calls != 6 {
		t.Errorf("%d API calls, want 6", calls)
	}
}

func TestBulkQueryFailedAndAbortedJobsSayWhatHappened(t *testing.T) {
	e := newEmu(t, sfemu.Options{})
	c := e.client(t, e.config(salesforce.AuthClientCredentials))
	opts := salesforce.BulkQueryOptions{MaxRecords: 50, Poll: time.Millisecond}
	e.srv.FailNextBulkQueries(1, "InternalServerError : try again")
	err := c.BulkQuery(t.Context(), "SELECT Id FROM Lead", opts, func(salesforce.Page) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "failed (InternalServerError : try again)") {
		t.Errorf("failed job: %v", err)
	}
	e.srv.AbortBulkQueriesAfterPages(1)
	pages := 0
	err = c.BulkQuery(t.Context(), "SELECT Id FROM Lead", opts, func(salesforce.Page) error { pages++; return nil })
	var ae *salesforce.APIError
	if pages != 1 || !errors.As(err, &ae) || ae.Code != "INVALIDJOB" {
		t.Errorf("aborted while reading: %d pages, %v", pages, err)
	}
	if _, err := c.Count(t.Context(), "SELECT COUNT() FROM Lead"); err != nil {
		t.Fatal(err)
	}
	n, err := c.Count(t.Context(), "SELECT COUNT() FROM Lead")
	counts, cerr := c.RecordCounts(t.Context(), []string{"Lead"})
	if err != nil || cerr != nil || n != len(e.srv.Records("Lead")) || counts["Lead"] != n {
		t.Errorf("count %d, record counts %v (%v, %v), want %d", n, counts, err, cerr, len(e.srv.Records("Lead")))
	}
}
