package web

import (
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/refsync/refsync/matching"
)

// The export has every entry matching the queue's filter (more than one page), and no formulas.
func TestEntryExportCSVWithFilter(t *testing.T) {
	app := newTestApp(t)
	app.addReview(60, matching.EntryFailed, matching.ReasonCRMError)
	app.addReview(3, matching.EntryReview, matching.ReasonNoMatch)
	app.addEntry(&matching.Entry{Object: "Lead", RecordID: "00QEVIL", Modstamp: "m", Outcome: matching.EntryFailed, Reason: matching.ReasonCRMError,
		Snapshot: map[string]any{"LastName": "=HYPERLINK(\"http://x\")", "Email": "evil@example.com"}})
	cl := app.signedIn("rev@example.com", "reviewer")
	if body := cl.get("/entries?outcome=failed").Body; !strings.Contains(body, `href="/entries.csv?outcome=failed"`) {
		t.Fatal("the queue offers no CSV export of its filter")
	}
	p := cl.get("/entries.csv?outcome=failed&object=Lead")
	if p.Code != 200 || !strings.HasPrefix(p.Header.Get("Content-Type"), "text/csv") || !strings.Contains(p.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("status %d, headers %v", p.Code, p.Header)
	}
	rows, err := csv.NewReader(strings.NewReader(p.Body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+61 {
		t.Fatalf("%d rows, want a header and the 61 failed entries", len(rows))
	}
	col := func(name string) int { return slices.Index(rows[0], name) }
	if c := col("program"); c < 0 || rows[1][c] != "default" {
		t.Errorf("the export names no program: %v / %v", rows[0], rows[1])
	}
	if c := col("reason_name"); c < 0 || rows[1][c] != "Salesforce error" {
		t.Errorf("the export does not name the reason as the queue does: %v / %v", rows[0], rows[1])
	}
	if strings.Join(rows[0][:6], ",") != "entry,received_at,object,record_id,outcome,reason" {
		t.Fatalf("header %v", rows[0])
	}
	for _, r := range rows[1:] {
		if r[4] != "failed" || r[5] != "crm_error" || !strings.HasPrefix(r[6], "Salesforce answered") {
			t.Fatalf("row %v is not a failed entry with its reason in words", r)
		}
	}
	if rows[1][13] != "'=HYPERLINK(\"http://x\")" {
		t.Errorf("a formula-like name is exported as %q", rows[1][13])
	}
}

// The program of the queue's filter carries over to the export, the bulk
// action over the filter and the next-entry links.
func TestFilterKeepsTheProgram(t *testing.T) {
	app := newTestApp(t)
	p2, err := app.DB.CreateProgram(t.Context(), "Partners", "test")
	if err != nil {
		t.Fatal(err)
	}
	app.addReview(2, matching.EntryFailed, matching.ReasonCRMError) // default program
	for i := range 3 {
		app.addEntry(&matching.Entry{ProgramID: p2.ID, Object: "Lead", RecordID: "00QP2" + itoa(int64(i)), Modstamp: "m",
			Outcome: matching.EntryFailed, Reason: matching.ReasonCRMError})
	}
	cl := app.signedIn("rev@example.com", "reviewer")
	q := "program=" + itoa(p2.ID) + "&outcome=failed"
	if body := cl.get("/entries?" + q).Body; !strings.Contains(body, `href="/entries.csv?outcome=failed&amp;program=`+itoa(p2.ID)+`"`) {
		t.Fatal("the export link drops the program")
	}
	rows, err := csv.NewReader(strings.NewReader(cl.get("/entries.csv?" + q).Body)).ReadAll()
	if err != nil || len(rows) != 1+3 {
		t.Fatalf("export of the program's failed entries: %d rows (%v), want 3", len(rows)-1, err)
	}
	before := len(app.Rev.Calls())
	cl.post("/entries/bulk", map[string][]string{"action": {"retry"}, "scope": {"filter"}, "filter": {q}})
	if n := len(app.Rev.Calls()) - before; n != 3 {
		t.Fatalf("retry all failed of the program retried %d entries, want 3", n)
	}
}
