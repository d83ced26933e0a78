package web

import (
	"encoding/csv"
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
