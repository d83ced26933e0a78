package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// addReview adds n entries in review for Leads named Nobody, oldest first, and returns their ids.
func (a *testApp) addReview(n int, outcome matching.EntryOutcome, reason string) []string {
	var ids []string
	for i := range n {
		e := a.addEntry(&matching.Entry{Object: "Lead", RecordID: "00Q" + string(outcome) + itoa(int64(i)), Modstamp: "m", Outcome: outcome,
			Reason: reason, Snapshot: map[string]any{"LastName": "Nobody", "Email": "nobody@nowhere.test"}})
		ids = append(ids, itoa(e.ID))
	}
	return ids
}

func TestQueueTotalSortAndHashSearch(t *testing.T) {
	app := newTestApp(t)
	ids := app.addReview(3, matching.EntryReview, matching.ReasonNoMatch)
	cl := app.signedIn("rev@example.com", "reviewer")
	p := cl.get("/entries")
	if !strings.Contains(p.Body, `id="queue-total">3 entries match this filter.`) {
		t.Fatalf("no total: %.300s", p.Body)
	}
	if got := strings.Join(shownEntries(p.Body), ","); got != ids[2]+","+ids[1]+","+ids[0] {
		t.Fatalf("newest first: %s", got)
	}
	if got := strings.Join(shownEntries(cl.get("/entries?sort=oldest").Body), ","); got != strings.Join(ids, ",") {
		t.Fatalf("oldest first: %s", got)
	}
	if got := shownEntries(cl.get("/entries?q=" + url.QueryEscape("#"+ids[1])).Body); len(got) != 1 || got[0] != ids[1] {
		t.Fatalf(`search "#%s": %v`, ids[1], got)
	}
	if body := cl.get("/entries").Body; !strings.Contains(body, ">No match</option>") || strings.Contains(body, ">no_match</option>") {
		t.Fatal("the reason filter shows codes, not words")
	}
}

func TestReferralSearchByFullName(t *testing.T) {
	app := newTestApp(t)
	r := &store.Referral{FirstName: "Katherine", LastName: "Van der Berg", Email: "k@example.com"}
	if err := app.DB.CreateReferral(context.Background(), r, "test"); err != nil {
		t.Fatal(err)
	}
	cl := app.signedIn("rev@example.com", "reviewer")
	if body := cl.get("/referrals?q=" + url.QueryEscape("Katherine Van der Berg")).Body; !strings.Contains(body, "/referrals/"+r.ID) {
		t.Fatal("a full name finds nothing")
	}
}

// Bulk actions cover every entry matching the filter, not one page, and say where the entries stand.
func TestBulkAcrossFilterAndRetryAllFailed(t *testing.T) {
	app := newTestApp(t)
	app.addReview(2, matching.EntryReview, matching.ReasonNoMatch)
	app.addReview(3, matching.EntryFailed, matching.ReasonCRMError)
	cl := app.signedIn("rev@example.com", "reviewer")
	page := cl.get("/entries?outcome=failed")
	if !strings.Contains(page.Body, "Retry all 3 failed") || !strings.Contains(page.Body, "all 3 matching this filter") {
		t.Fatal("the failed queue offers no retry-all")
	}
	p := cl.post("/entries/bulk", url.Values{"action": {"retry"}, "scope": {"filter"}, "filter": {"outcome=failed"}, "back": {"/entries?outcome=failed"}})
	if p.Code != http.StatusSeeOther {
		t.Fatalf("status %d", p.Code)
	}
	retries := 0
	for _, c := range app.Rev.Calls() {
		if strings.HasPrefix(c, "retry ") {
			retries++
		}
	}
	if retries != 3 {
		t.Fatalf("retried %d entries, want the 3 failed ones", retries)
	}
	flash := flashOf(cl.get(p.Location).Body)
	for _, want := range []string{"Retried 3 of 3 entries matching the filter; now 3 ignored.", "2 entries wait in the review queue."} {
		if !strings.Contains(flash, want) {
			t.Errorf("flash %q lacks %q", flash, want)
		}
	}
}

// Opened from the queue, an action leads to the next entry of that queue, and the last one back to the queue.
func TestNextEntryAfterAction(t *testing.T) {
	app := newTestApp(t)
	ids := app.addReview(2, matching.EntryReview, matching.ReasonNoMatch)
	cl := app.signedIn("rev@example.com", "reviewer")
	queue := cl.get("/entries?reason=no_match").Body
	first := "/entries/" + ids[1] + "?from=outcome%3dreview%26reason%3dno_match"
	if !strings.Contains(queue, `href="`+first+`"`) {
		t.Fatalf("queue links do not carry the filter: %.2000s", queue)
	}
	entry := cl.get(first).Body
	if !strings.Contains(entry, `href="/entries/`+ids[0]+`?from=outcome%3dreview%26reason%3dno_match" id="next-entry"`) {
		t.Fatal("the entry page has no next-entry link")
	}
	p := cl.post("/entries/"+ids[1]+"/dismiss", url.Values{"note": {"test"}, "from": {"outcome=review&reason=no_match"}})
	if p.Code != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/entries/"+ids[0]+"?from=") {
		t.Fatalf("after dismissing: %d → %q, want the next entry", p.Code, p.Location)
	}
	if flash := flashOf(cl.get(p.Location).Body); !strings.Contains(flash, "This is the next entry, #"+ids[0]) {
		t.Fatalf("flash %q", flash)
	}
	p = cl.post("/entries/"+ids[0]+"/dismiss", url.Values{"note": {"test"}, "from": {"outcome=review&reason=no_match"}})
	if p.Location != "/entries?outcome=review&reason=no_match" {
		t.Fatalf("after the last entry: %q, want the queue", p.Location)
	}
}

// A denied-override entry says how it was matched, shows the record beside the
// referral, links to Salesforce, and the retry form offers the rules' fields only.
func TestEntryExplainsDirectMatchAndLinks(t *testing.T) {
	app := newTestApp(t, func(d *Deps) {
		d.Describe = testDescribe
		d.RecordURL = func(id string) string { return "https://example.my.salesforce.com/" + id }
	})
	ctx := context.Background()
	r := &store.Referral{FirstName: "Dana", LastName: "Denied", Email: "dana@example.com", Company: "Dana Co"}
	if err := app.DB.CreateReferral(ctx, r, "test"); err != nil {
		t.Fatal(err)
	}
	snap := map[string]any{"Referral_ID__c": nil, "Contact.FirstName": "Dana", "Contact.LastName": "Denied", "Contact.Email": "dana@example.com", "StageName": "Closed Won", "IsDeleted": false}
	earlier := app.addEntry(&matching.Entry{Object: "Opportunity", RecordID: "006DENIED", Modstamp: "m1", Outcome: matching.EntryProcessed,
		Method: matching.MethodFuzzy, ReferralID: r.ID, Snapshot: snap})
	e := app.addEntry(&matching.Entry{Object: "Opportunity", RecordID: "006DENIED", Modstamp: "m2", Outcome: matching.EntryReview,
		Reason: matching.ReasonDeniedOverride, Method: matching.MethodDirect, Score: 1, ReferralID: r.ID, TargetStatus: "approved", Snapshot: snap})
	cl := app.signedIn("rev@example.com", "reviewer")
	body := cl.get("/entries/" + itoa(e.ID)).Body
	for _, want := range []string{
		"linked to the referral by an earlier entry, #" + itoa(earlier.ID),
		`id="compare"`, "<th scope=\"row\">Email</th><td data-label=\"Salesforce\">dana@example.com</td><td data-label=\"Referral\">dana@example.com</td>",
		"Referral was denied.", "Applying makes Dana Denied <strong>approved</strong>",
		`href="https://example.my.salesforce.com/006DENIED"`,
		`placeholder="e.g. Referral_ID__c"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("entry page lacks %s", want)
		}
	}
	if strings.Contains(body, "Referral_Code__c") || strings.Contains(body, `<option value="IsDeleted">`) {
		t.Error("the retry form offers fields the rules do not read")
	}
	if strings.Contains(body, "Matched by direct (100%)") {
		t.Error("the page still shows the method code")
	}
}
