//go:build e2e

package web

// Browser tests: drive Debian's headless Chromium over the DevTools protocol
// (chromedp, see e2e_browser_test.go).
//
//	go test -count=1 -tags e2e -run E2E ./web
//
// Needs chromium on PATH (apt-get install chromium); REFSYNC_CHROMIUM overrides
// the path. Screenshots go to $REFSYNC_ARTIFACTS (default ./artifacts).

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector"
	"github.com/refsync/refsync/connector/salesforce"
	"github.com/refsync/refsync/connector/sfemu"
	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

func TestE2EReviewFlow(t *testing.T) {
	app := newTestApp(t)
	e2eData(t, app)
	ann, _, entry := app.seed()
	app.addUser("sales@example.com", "reviewer")
	dir := artifactsDir(t)
	wd := startBrowser(t)

	wd.open(app.Srv.URL + "/login")
	wd.find("#email").typeText("sales@example.com")
	wd.find("#password").typeText(testPassword)
	wd.find("form[action='/login'] button[type=submit]").click()
	wd.waitFor("h1", "Dashboard")
	wd.screenshot(filepath.Join(dir, "dashboard.png"))

	wd.find("nav a[href='/entries']").click()
	wd.waitFor("h1", "Review queue")
	if !strings.Contains(wd.find("table.queue").text(), "#"+itoa(entry.ID)) {
		t.Fatalf("the queue does not list entry #%d", entry.ID)
	}
	wd.screenshot(filepath.Join(dir, "queue.png"))

	wd.find(fmt.Sprintf("a[href^='/entries/%d?']", entry.ID)).click()
	wd.waitFor("h1", fmt.Sprintf("Entry #%d", entry.ID))
	if txt := wd.find(".candidates").text(); !strings.Contains(txt, "Ann Smith") || !strings.Contains(txt, "same email after normalising") {
		t.Fatalf("candidates not shown side by side: %q", txt)
	}
	wd.screenshot(filepath.Join(dir, "entry.png"))

	wd.find(fmt.Sprintf("form.inline input[value='%s'] ~ button", ann.ID)).click()
	wd.waitFor(".flash", "applied to Ann Smith")
	wd.screenshot(filepath.Join(dir, "entry-applied.png"))

	wd.open(app.Srv.URL + "/referrals/" + ann.ID)
	wd.waitFor("#referral-status", "approved")
	if h := wd.find(".history").text(); !strings.Contains(h, "by sales@example.com") {
		t.Fatalf("status history does not name the reviewer: %q", h)
	}
	r, err := app.DB.ReferralByID(context.Background(), ann.ID)
	if err != nil || r.Status != store.StatusApproved {
		t.Fatalf("referral in the database: %+v, %v", r, err)
	}

	wd.resize(390, 844) // phone width
	wd.open(app.Srv.URL + "/entries")
	wd.waitFor("h1", "Review queue")
	wd.screenshot(filepath.Join(dir, "queue-phone.png"))
	wd.open(fmt.Sprintf("%s/entries/%d", app.Srv.URL, entry.ID))
	wd.waitFor("h1", "Entry")
	wd.screenshot(filepath.Join(dir, "entry-phone.png"))
	t.Logf("screenshots in %s", dir)
}

// TestE2EKeyboardAndAdminPages applies an entry with the keyboard only, then
// looks at the admin pages (screenshots of settings, audit and a referral).
func TestE2EKeyboardAndAdminPages(t *testing.T) {
	app := newTestApp(t)
	e2eData(t, app)
	ann, _, entry := app.seed()
	app.addUser("admin@example.com", "admin")
	dir := artifactsDir(t)
	wd := startBrowser(t)

	wd.open(app.Srv.URL + "/login")
	wd.find("#email").typeText("admin@example.com")
	wd.find("#password").typeText(testPassword + kb.Enter) // Enter submits
	wd.waitFor("h1", "Dashboard")

	wd.open(fmt.Sprintf("%s/entries/%d", app.Srv.URL, entry.ID))
	wd.waitFor("h1", "Entry")
	focused := ""
	for i := 0; i < 60 && focused != "Apply to this referral & next"; i++ {
		wd.pressKeys(kb.Tab) // Tab
		focused = strings.TrimSpace(wd.script("return document.activeElement.textContent"))
	}
	if focused != "Apply to this referral & next" {
		t.Fatal("the apply button cannot be reached with Tab")
	}
	wd.screenshot(filepath.Join(dir, "entry-keyboard-focus.png"))
	wd.pressKeys(kb.Enter) // Enter
	wd.waitFor(".flash", "applied to Ann Smith")

	wd.open(app.Srv.URL + "/settings")
	wd.waitFor("h1", "Settings")
	wd.screenshot(filepath.Join(dir, "settings.png"))
	wd.find("#auto").clear()
	wd.find("#auto").typeText("200") // percent, like every score on the pages
	wd.find("form.settings button[type=submit]").click()
	wd.waitFor("#settings-errors", "both must be between 0 and 100 %")
	wd.screenshot(filepath.Join(dir, "settings-invalid.png"))

	wd.open(app.Srv.URL + "/referrals/" + ann.ID)
	wd.waitFor("#referral-status", "approved")
	wd.screenshot(filepath.Join(dir, "referral.png"))
	wd.open(app.Srv.URL + "/settings/audit")
	wd.waitFor("h1", "Audit log")
	wd.screenshot(filepath.Join(dir, "audit.png"))

	wd.resize(390, 844) // phone width
	for _, pg := range []struct{ path, title, shot string }{
		{"/settings", "Settings", "settings-phone.png"}, {"/", "Dashboard", "dashboard-phone.png"},
		{"/referrals/" + ann.ID, "Ann", "referral-phone.png"}, {"/entries", "Review queue", ""},
	} {
		wd.open(app.Srv.URL + pg.path)
		wd.waitFor("h1", pg.title)
		if pg.shot != "" {
			wd.screenshot(filepath.Join(dir, pg.shot))
		}
		if wide := wd.script(overflowJS); wide != "" {
			t.Errorf("%s scrolls sideways at phone width; too wide: %s", pg.path, wide)
		}
	}
}

// TestE2ESyncedEntry goes from Salesforce to the UI: an ambiguous Lead in the
// emulated org is synced into the review queue by the real receiver, and a
// reviewer resolves it in the browser.
func TestE2ESyncedEntry(t *testing.T) {
	emu, err := sfemu.Start("127.0.0.1:0", sfemu.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	crm, err := salesforce.New(salesforce.Config{LoginURL: emu.URL(), Auth: salesforce.AuthClientCredentials,
		ClientID: emu.Options().ClientID, ClientSecret: emu.Options().ClientSecret, Timeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	rules := config.DefaultRules()
	rules.Backfill = "2000-01-01"
	app := newTestAppRx(t, func(o *connector.Options) { o.CRM, o.Rules = crm, rules })
	ctx := context.Background()
	var refs []*store.Referral
	for _, email := range []string{"jsmith@alpha.example", "john.smith@beta.example"} {
		r := &store.Referral{FirstName: "John", LastName: "Smith", Email: email, Company: "Smith Consulting", City: "Springfield"}
		if err := app.DB.CreateReferral(ctx, r, "test"); err != nil {
			t.Fatal(err)
		}
		refs = append(refs, r)
	}
	lead, err := emu.Insert("Lead", map[string]any{"FirstName": "John", "LastName": "Smith", "Company": "Smith Consulting",
		"City": "Springfield", "Status": "Closed - Converted", "IsConverted": true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Rx.SyncOnce(ctx, "", time.Time{}); err != nil {
		t.Fatalf("sync: %v", err)
	}
	entries, _, _ := app.DB.ListEntries(ctx, store.EntryFilter{Search: lead})
	if len(entries) != 1 || entries[0].Outcome != matching.EntryReview || len(entries[0].Candidates) < 2 {
		t.Fatalf("the synced Lead did not reach the review queue with candidates: %+v", entries)
	}
	entry := entries[0]
	app.addUser("sales@example.com", "reviewer")
	dir := artifactsDir(t)
	wd := startBrowser(t)
	wd.open(app.Srv.URL + "/login")
	wd.find("#email").typeText("sales@example.com")
	wd.find("#password").typeText(testPassword + kb.Enter)
	wd.waitFor("h1", "Dashboard")
	wd.find("nav a[href='/entries']").click()
	wd.waitFor("table.queue", "John Smith")
	wd.find(fmt.Sprintf("a[href^='/entries/%d?']", entry.ID)).click()
	wd.waitFor(".candidates", "jsmith@alpha.example")
	wd.screenshot(filepath.Join(dir, "entry-synced.png"))
	pick := entry.Candidates[1].ReferralID // the reviewer knows it is the second one
	wd.find(fmt.Sprintf("form.inline input[value='%s'] ~ input[name=remember]", pick)).click()
	wd.find(fmt.Sprintf("form.inline input[value='%s'] ~ button", pick)).click()
	wd.waitFor(".flash", "The link is remembered")
	wd.open(app.Srv.URL + "/referrals/" + pick)
	wd.waitFor("#referral-status", "qualified")
	wd.waitFor("main", lead) // the Lead is linked
	for _, r := range refs {
		got, _ := app.DB.ReferralByID(ctx, r.ID)
		want := store.StatusPending
		if r.ID == pick {
			want = store.StatusQualified
		}
		if got.Status != want {
			t.Errorf("referral %s is %s, want %s", r.Email, got.Status, want)
		}
	}
}

// overflowJS lists the elements wider than the window (outside sideways-scrolling boxes).
const overflowJS = `
const w = document.documentElement.clientWidth, out = [];
for (const el of document.querySelectorAll("body *")) {
  if (el.closest(".scroll")) continue;
  const r = el.getBoundingClientRect();
  if (r.right > w + 1) out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className ? "." + el.className : "") + " " + Math.round(r.right));
}
return out.slice(0, 8).join(", ");`

// e2eData adds what makes the pages look like a working install.
func e2eData(t *testing.T, app *testApp) {
	ctx := context.Background()
	now := time.Now().UTC()
	app.DB.SetConnectionState(ctx, "connected", now.Add(-2*time.Minute).Format(store.TimeFormat), "", 412, 15000)
	for _, o := range []string{"Lead", "Contact", "Opportunity"} {
		app.DB.FinishSyncRun(ctx, o, "", false)
	}
	outcomes := []matching.EntryOutcome{matching.EntryProcessed, matching.EntryProcessed, matching.EntryProcessed, matching.EntryReview, matching.EntryIgnored, matching.EntryFailed}
	reasons := map[matching.EntryOutcome]string{matching.EntryReview: matching.ReasonLowConfidence, matching.EntryFailed: matching.ReasonCRMError}
	for i := 79; i >= 0; i-- { // oldest first, as the sync receives them
		at := now.Add(-time.Duration(i) * 4 * time.Hour)
		app.DB.SetClock(func() time.Time { return at })
		o := outcomes[i%len(outcomes)]
		app.addEntry(&matching.Entry{Object: []string{"Lead", "Contact", "Opportunity"}[i%3], RecordID: fmt.Sprintf("00Q00000000%04dAAA", i),
			Modstamp: at.Format(time.RFC3339), Outcome: o, Reason: reasons[o],
			Snapshot: map[string]any{"FirstName": fmt.Sprint("Lee", i), "LastName": "Walker", "Email": fmt.Sprintf("lee%d@walker.test", i), "Company": "Walker & Sons"}})
	}
	app.DB.SetClock(time.Now)
}

func artifactsDir(t *testing.T) string {
	dir := os.Getenv("REFSYNC_ARTIFACTS")
	if dir == "" {
		dir = "artifacts"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(dir)
	return abs
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
