package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/refsync/refsync/matching"
)

var entryLink = regexp.MustCompile(`href="/entries/(\d+)(?:\?[^"]*)?">#`)

func shownEntries(body string) []string {
	var out []string
	for _, m := range entryLink.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestQueueFilters(t *testing.T) {
	app := newTestApp(t)
	add := func(object, reason string, outcome matching.EntryOutcome, email string) string {
		e := app.addEntry(&matching.Entry{Object: object, RecordID: fmt.Sprintf("%s-%s-%s", object, reason, email), Modstamp: "m",
			Outcome: outcome, Reason: reason, Snapshot: map[string]any{"Email": email}})
		return itoa(e.ID)
	}
	leadNoMatch := add("Lead", matching.ReasonNoMatch, matching.EntryReview, "zoe@example.com")
	oppAmbig := add("Opportunity", matching.ReasonAmbiguous, matching.EntryReview, "max@example.com")
	failed := add("Lead", matching.ReasonCRMError, matching.EntryFailed, "kim@example.com")
	done := add("Lead", "", matching.EntryProcessed, "lea@example.com")
	cl := app.signedIn("rev@example.com", "reviewer")
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"", []string{oppAmbig, leadNoMatch}},
		{"?reason=no_match", []string{leadNoMatch}},
		{"?object=Opportunity", []string{oppAmbig}},
		{"?outcome=failed", []string{failed}},
		{"?outcome=all", []string{done, failed, oppAmbig, leadNoMatch}},
		{"?outcome=all&object=Lead&q=kim%40example", []string{failed}},
		{"?q=" + oppAmbig, []string{oppAmbig}},
		{"?age=1d", nil},
	} {
		t.Run(tc.query, func(t *testing.T) {
			p := cl.get("/entries" + tc.query)
			if p.Code != http.StatusOK {
				t.Fatalf("status %d", p.Code)
			}
			if got := shownEntries(p.Body); strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Fatalf("entries %v, want %v", got, tc.want)
			}
		})
	}
	p := cl.get("/entries?reason=no_match")
	if !strings.Contains(p.Body, matching.ReasonWords(matching.ReasonNoMatch)) {
		t.Error("the reason is not shown in words")
	}
	for _, bad := range []string{"?outcome=lost", "?age=3w", "?after=garbage"} {
		if p := cl.get("/entries" + bad); p.Code != http.StatusBadRequest || !strings.Contains(p.Body, "class=\"error\"") {
			t.Errorf("%s: status %d, want 400 with a message", bad, p.Code)
		}
	}
}

func TestQueueAgeFilter(t *testing.T) {
	app := newTestApp(t)
	app.DB.SetClock(func() time.Time { return time.Now().Add(-3 * 24 * time.Hour) }) // entries arrive in time order
	older := app.addEntry(&matching.Entry{Object: "Lead", RecordID: "older", Modstamp: "m", Outcome: matching.EntryReview})
	app.DB.SetClock(time.Now)
	old := app.addEntry(&matching.Entry{Object: "Lead", RecordID: "old", Modstamp: "m", Outcome: matching.EntryReview})
	cl := app.signedIn("rev@example.com", "reviewer")
	if got := shownEntries(cl.get("/entries?age=1d").Body); len(got) != 1 || got[0] != itoa(older.ID) {
		t.Fatalf("older than a day: %v, want only %d (not %d)", got, older.ID, old.ID)
	}
}

func TestQueuePaging(t *testing.T) {
	app := newTestApp(t)
	err := app.DB.InTx(context.Background(), func(ctx context.Context) error {
		for i := 0; i < 120; i++ {
			e := &matching.Entry{Object: "Lead", RecordID: fmt.Sprint("r", i), Modstamp: "m", Outcome: matching.EntryReview, Reason: matching.ReasonNoMatch}
			if err := app.DB.InsertEntryRx(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	cl := app.signedIn("rev@example.com", "reviewer")
	seen := map[string]bool{}
	next, pages := "/entries?reason=no_match", 0
	for next != "" {
		p := cl.get(next)
		pages++
		for _, id := range shownEntries(p.Body) {
			if seen[id] {
				t.Fatalf("entry %s shown twice", id)
			}
			seen[id] = true
		}
		m := regexp.MustCompile(`href="([^"]+)" rel="next"`).FindStringSubmatch(p.Body)
		next = ""
		if m != nil {
			next = strings.ReplaceAll(m[1], "&amp;", "&")
			if !strings.Contains(next, "reason=no_match") {
				t.Fatalf("next page link drops the filter: %s", next)
			}
		}
	}
	if len(seen) != 120 || pages != 3 {
		t.Fatalf("saw %d entries on %d pages, want 120 on 3", len(seen), pages)
	}
}

func TestBulkRetryAndDismiss(t *testing.T) {
	app := newTestApp(t)
	var ids []string
	for i := 0; i < 3; i++ {
		ids = append(ids, itoa(app.addEntry(&matching.Entry{Object: "Lead", RecordID: fmt.Sprint("b", i), Modstamp: "m", Outcome: matching.EntryReview,
			Reason: matching.ReasonNoMatch, Snapshot: map[string]any{"Id": fmt.Sprint("b", i), "LastName": "Nobody", "Email": "nobody@nowhere.test"}}).ID))
	}
	done := itoa(app.addEntry(&matching.Entry{Object: "Lead", RecordID: "b-done", Modstamp: "m", Outcome: matching.EntryProcessed}).ID)
	cl := app.signedIn("rev@example.com", "reviewer")
	for _, tc := range []struct {
		name  string
		form  url.Values
		flash string
		calls int
	}{
		{"nothing selected", url.Values{"action": {"retry"}}, "Select at least one entry", 0},
		{"dismiss without note", url.Values{"action": {"dismiss"}, "id": ids[:1]}, "Write a note", 0},
		{"retry two", url.Values{"action": {"retry"}, "id": ids[:2], "back": {"/entries?reason=no_match"}}, "Retried 2 of 2", 2},
		{"dismiss all", url.Values{"action": {"dismiss"}, "id": ids, "note": {"test data"}}, "Dismissed 3 of 3", 3},
		{"a processed one among them", url.Values{"action": {"dismiss"}, "id": {ids[0], done}, "note": {"again"}},
			"Dismissed 1 of 2 selected entries; now 1 dismissed. Not done: #" + done + " (Entry " + done + " was already processed", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(app.Rev.Calls())
			p := cl.post("/entries/bulk", tc.form)
			if p.Code != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/entries") {
				t.Fatalf("status %d location %q", p.Code, p.Location)
			}
			if got := len(app.Rev.Calls()) - before; got != tc.calls {
				t.Fatalf("reviewer calls %d, want %d", got, tc.calls)
			}
			if body := cl.get(p.Location).Body; !strings.Contains(body, tc.flash) {
				t.Fatalf("page after bulk lacks %q", tc.flash)
			}
		})
	}
	for _, call := range app.Rev.Calls() {
		if !strings.HasSuffix(call, "user:rev@example.com") {
			t.Errorf("call %q not recorded with the user", call)
		}
	}
	e, _ := app.DB.EntryByID(context.Background(), mustInt(ids[2]))
	if e.Outcome != matching.EntryDismissed || e.Note != "test data" {
		t.Fatalf("entry after bulk dismiss: %s %q", e.Outcome, e.Note)
	}
	if p := cl.post("/entries/bulk", url.Values{"action": {"delete"}, "id": ids}); p.Code != http.StatusUnprocessableEntity {
		t.Fatalf("unknown bulk action: status %d", p.Code)
	}
	if p := cl.post("/entries/bulk", url.Values{"action": {"retry"}, "id": {"x1"}}); p.Code != http.StatusBadRequest {
		t.Fatalf("bad id: status %d", p.Code)
	}
}
