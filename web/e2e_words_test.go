//go:build e2e

package web

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// matchedEntry stores a Lead entry with the decision the real matcher makes
// over the store's referrals, as the receiver would.
func matchedEntry(t *testing.T, app *testApp, record string, e matching.SalesEntry) *matching.Entry {
	t.Helper()
	ix := matching.NewIndex()
	list, _, err := app.DB.ListReferrals(context.Background(), store.ReferralFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range list {
		ix.Add(matching.Referral{ID: r.ID, FirstName: r.FirstName, LastName: r.LastName, Email: r.Email, Company: r.Company, City: r.City})
	}
	d := ix.Match(e, matching.DefaultThresholds())
	if d.Outcome != matching.OutcomeReview {
		t.Fatalf("%s: the matcher decided %s, want review", record, d.Outcome)
	}
	return app.addEntry(&matching.Entry{Object: "Lead", RecordID: record, Modstamp: "2026-01-05T10:00:00.000Z",
		Snapshot: map[string]any{"Id": record, "Status": "Qualified", "FirstName": e.FirstName, "LastName": e.LastName, "Email": e.Email},
		Rule:     "Lead Status equals “Qualified”", TargetStatus: "qualified", Outcome: matching.EntryReview, Reason: d.Reason,
		Candidates: d.Candidates, Score: d.Score})
}

// TestE2EWordsNamesAndSmallThings walks, in Chromium, the pages where words
// used to contradict numbers or show codes (issue 24 items 5, 9 and 13):
// twelve referrals of one name make the matcher's weak candidates, and the
// queue and entry page call them weak and "not sure enough", never "two
// close matches"; the fields' weight is in words; names stand where ids and
// user: prefixes stood; thresholds are percentages; the import report names
// the member codes it created and the lines it imported as approved; the
// CSV export names the program and the reason as the queue does.
func TestE2EWordsNamesAndSmallThings(t *testing.T) {
	app := newTestApp(t, func(d *Deps) { d.Describe, d.Objects = testDescribe, testObjects })
	e2eData(t, app)
	ctx := context.Background()
	ann, _, _ := app.seed()
	for i := 0; i < 12; i++ {
		r := &store.Referral{FirstName: "Jo", LastName: "Brown", Email: fmt.Sprintf("jo%d@brown%d.test", i, i), City: fmt.Sprintf("Town %d", i)}
		if err := app.DB.CreateReferral(ctx, r, "test"); err != nil {
			t.Fatal(err)
		}
	}
	weak := matchedEntry(t, app, "00Q000000000WEAK", matching.SalesEntry{FirstName: "Jo", LastName: "Brown"})
	if weak.Reason == matching.ReasonAmbiguous {
		t.Fatalf("twelve equal candidates made the entry ambiguous: %+v", weak.Candidates[0])
	}
	app.addUser("admin@example.com", "admin")
	dir := filepath.Join(artifactsDir(t), "words")
	if err := mkdir(dir); err != nil {
		t.Fatal(err)
	}
	wd := startBrowser(t)
	wd.signIn(app.Srv.URL, "admin@example.com")

	// Item 5: the queue's reason and the best score's band agree.
	wd.open(app.Srv.URL + "/entries")
	wd.waitFor("h1", "Review queue")
	row := wd.script(fmt.Sprintf(`return document.querySelector("a[href^='/entries/%d']").closest("tr").innerText`, weak.ID))
	if !strings.Contains(row, "Not sure enough to apply") || !strings.Contains(row, "8% weak") || strings.Contains(row, "close matches") {
		t.Errorf("the weak entry's queue row reads %q, want 'Not sure enough to apply' and '8%% weak'", row)
	}
	wd.screenshot(filepath.Join(dir, "queue.png"))
	wd.open(fmt.Sprintf("%s/entries/%d", app.Srv.URL, weak.ID))
	wd.waitFor("h1", fmt.Sprintf("Entry #%d", weak.ID))
	page := wd.find("main").text()
	for _, want := range []string{"Not sure enough to apply.", "weak", "8% weak", "a weak candidate — probably not this referral", "weighs strongly for"} {
		if !strings.Contains(page, want) {
			t.Errorf("the weak entry's page lacks %q", want)
		}
	}
	if strings.Contains(page, "Counts") || strings.Contains(page, "ambiguous") || strings.Contains(page, "Two close matches") {
		t.Error("the weak entry's page still says Counts, ambiguous or two close matches")
	}
	wd.screenshot(filepath.Join(dir, "entry-weak.png"))

	// Item 9: names, not ids or user: prefixes.
	wd.open(app.Srv.URL + "/referrals/" + ann.ID)
	wd.waitFor(".crumbs", "Referrals › Ann Smith")
	wd.find("#s-status option[value='qualified']").click()
	wd.find("#s-note").typeText("called her")
	wd.find("#status-form button[type=submit]").click()
	wd.waitFor(".history", "by admin@example.com")
	if h := wd.find(".history").text(); strings.Contains(h, "user:") {
		t.Errorf("the status history shows a user: prefix: %q", h)
	}
	wd.open(app.Srv.URL + "/settings/audit")
	wd.waitFor("h1", "Audit log")
	if a := wd.find("main table").text(); strings.Contains(a, "user:") || strings.Contains(a, "ref_") || strings.Contains(a, "program.") {
		t.Errorf("the audit log shows codes: %q", a)
	}

	// Item 9: thresholds in percent, like the scores.
	wd.open(app.Srv.URL + "/settings")
	wd.waitFor("h1", "Settings")
	if v := wd.script(`return document.getElementById("auto").value`); v != "99.7" || !strings.Contains(wd.find("label[for=auto]").text(), "%") {
		t.Errorf("the auto threshold reads %q, want 99.7 (%%)", v)
	}

	// Item 13: the import report names the member codes it created and the approved lines.
	csv := filepath.Join(t.TempDir(), "referrals.csv")
	if err := os.WriteFile(csv, []byte("first_name,last_name,email,member_code,status\nCy,Code,cy@x.io,ALCIE1,\nEd,Early,ed@x.io,,approved\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	wd.open(app.Srv.URL + "/import")
	wd.waitFor("h1", "Import")
	wd.do("choose the file", chromedp.SetUploadFiles(chromedp.CSS("#i-file"), []string{csv}))
	wd.find("form[action='/import'] button[type=submit]").click()
	wd.waitFor("#import-report", "imported 2")
	report := wd.find("#import-report").text()
	for _, want := range []string{"1 member was created from member codes no member had yet: ALCIE1", "1 referral imported as approved", "Approved is final"} {
		if !strings.Contains(report, want) {
			t.Errorf("the import report lacks %q: %q", want, report)
		}
	}
	wd.screenshot(filepath.Join(dir, "import-report.png"))

	// Item 13: the export names the program and words the reason as the queue.
	got := wd.script(`const x = new XMLHttpRequest(); x.open("GET", "/entries.csv?outcome=review", false); x.send(); return x.responseText`)
	if lines := strings.Split(got, "\n"); len(lines) < 2 || !strings.Contains(lines[0], ",program,reason_name,score_band") || !strings.Contains(got, "Not sure enough to apply,weak") {
		t.Errorf("the export = %.400q", got)
	}
}
