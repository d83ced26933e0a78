//go:build e2e

package web

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp/kb"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// TestE2EQueueFlowPicklistAndPhoneWidth walks the review queue as a reviewer
// would (filter, open, apply, on to the next entry), changes a rule's value
// from the field's picklist, and checks that no page is wider than a phone
// (390 px). Screenshots go to $REFSYNC_ARTIFACTS (default ./artifacts; the
// folder is printed).
func TestE2EQueueFlowPicklistAndPhoneWidth(t *testing.T) {
	app := newTestApp(t, func(d *Deps) {
		d.Describe, d.Objects = testDescribe, testObjects
		d.RecordURL = func(id string) string { return "https://example.my.salesforce.com/" + id }
	})
	e2eData(t, app)
	ann, bob, first := app.seed()
	second := app.addEntry(&matching.Entry{Object: "Opportunity", RecordID: "006000000000002AAA", Modstamp: "2026-01-03T10:00:00.000Z",
		Snapshot: map[string]any{"Id": "006000000000002AAA", "StageName": "Closed Won", "Contact.FirstName": "Anne", "Contact.LastName": "Smyth", "Contact.Email": "anne@other.test"},
		Rule:     "Opportunity StageName equals “Closed Won”", TargetStatus: "approved", Outcome: matching.EntryReview, Reason: matching.ReasonAmbiguous,
		Candidates: []matching.Candidate{{ReferralID: bob.ID, Score: 0.7}, {ReferralID: ann.ID, Score: 0.65}}})
	app.addUser("admin@example.com", "admin")
	hook := &store.Webhook{URL: "https://hooks.example/refsync", Events: []string{"entry.review"}, Secret: "whsec_test"}
	if err := app.DB.CreateWebhook(context.Background(), hook, "test"); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(artifactsDir(t), "ux")
	if err := mkdir(dir); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", dir)
	wd := startBrowser(t)
	wd.open(app.Srv.URL + "/login")
	wd.find("#email").typeText("admin@example.com")
	wd.find("#password").typeText(testPassword + kb.Enter)
	wd.waitFor("h1", "Dashboard")

	// queue → filter → open entry → apply → next entry
	wd.find("nav a[href='/entries']").click()
	wd.waitFor("h1", "Review queue")
	wd.find("#f-reason option[value='ambiguous']").click()
	wd.find("form.filters button[type=submit]").click()
	wd.waitFor("#queue-total", "2 entries match")
	wd.screenshot(filepath.Join(dir, "queue-filtered.png"))
	wd.find(fmt.Sprintf("a[href^='/entries/%d?from=']", second.ID)).click()
	wd.waitFor("h1", fmt.Sprintf("Entry #%d", second.ID))
	wd.screenshot(filepath.Join(dir, "entry.png"))
	wd.find(fmt.Sprintf("form.inline input[value='%s'] ~ button", bob.ID)).click()
	wd.waitFor(".flash", fmt.Sprintf("This is the next entry, #%d", first.ID))
	wd.waitFor("h1", fmt.Sprintf("Entry #%d", first.ID))
	wd.screenshot(filepath.Join(dir, "next-entry.png"))
	wd.find(fmt.Sprintf("form.inline input[value='%s'] ~ button", ann.ID)).click()
	wd.waitFor(".flash", "That was the last entry of this queue")
	wd.waitFor("#queue-total", "0 entries match")
	for id, want := range map[string]string{ann.ID: store.StatusApproved, bob.ID: store.StatusApproved} {
		if r, _ := app.DB.ReferralByID(context.Background(), id); r.Status != want {
			t.Errorf("referral %s is %s, want %s", id, r.Status, want)
		}
	}

	// a rule's value from the field's picklist
	wd.open(app.Srv.URL + "/settings")
	wd.waitFor("h1", "Settings")
	wd.find("#ev-0-field").clear() // the won rule names the meaning (IsWon); a rule on the stage's label instead
	wd.find("#ev-0-field").typeText("StageName")
	wd.find("#ev-0-op option[value='equals']").click()
	if got := wd.script(`return document.getElementById("ev-0-value").list.id`); got != "sf-pick-Opportunity-StageName" {
		t.Fatalf("the event value offers list %q, want StageName's picklist", got)
	}
	options := wd.script(`return [...document.getElementById("ev-0-value").list.options].map(o => o.value).join("|")`)
	if !strings.Contains(options, "Negotiation/Review") || !strings.Contains(options, "Closed Lost") {
		t.Fatalf("StageName's picklist offers %q", options)
	}
	wd.find("#ev-0-value").clear()
	wd.find("#ev-0-value").typeText("Negotiaton/Review") // a typo is refused with the allowed values
	wd.find("form.settings button[type=submit]").click()
	wd.waitFor("#settings-errors", `did you mean "Negotiation/Review"?`)
	wd.screenshot(filepath.Join(dir, "settings-picklist-refused.png"))
	wd.find("#ev-0-value").clear()
	wd.find("#ev-0-value").typeText("Negotiation/Review")
	wd.find("form.settings button[type=submit]").click()
	wd.waitFor(".flash", "Settings of default saved as version")
	raw, _, err := app.DB.CurrentSettings(context.Background(), store.DefaultProgram)
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := config.ParseRules(raw); r.Events[0].Value != "Negotiation/Review" {
		t.Fatalf("saved value %q", r.Events[0].Value)
	}
	// the lists follow the row: another field's picklist once the field changes
	wd.find("#ev-1-field").clear()
	wd.find("#ev-1-field").typeText("Status")
	if got := wd.script(`return document.getElementById("ev-1-value").getAttribute("list")`); got != "sf-pick-Lead-Status" {
		t.Errorf("after choosing Lead Status the value list is %q", got)
	}

	// an object picked from the org's list joins the objects to watch
	wd.find("#add-object").typeText("Account" + kb.Tab) // Tab: the change event
	if got := wd.script(`return document.getElementById("objects").value`); !strings.HasSuffix(got, ", Account") {
		t.Errorf("objects to watch after adding Account: %q", got)
	}

	// no page is wider than a phone
	wd.resize(390, 844)
	for _, pg := range []struct{ path, title, shot string }{
		{"/", "Dashboard", "dashboard"}, {"/entries?outcome=all", "Sales entries", "queue"},
		{fmt.Sprintf("/entries/%d", first.ID), "Entry", "entry"}, {"/referrals", "Referrals", "referrals"},
		{"/referrals/" + ann.ID, "Ann", "referral"}, {"/settings", "Settings", "settings"},
		{"/settings/audit", "Audit log", "audit"}, {"/settings/history", "Settings history", "history"},
		{fmt.Sprintf("/settings/webhooks/%d", hook.ID), "Webhook", "webhook"},
	} {
		wd.open(app.Srv.URL + pg.path)
		wd.waitFor("h1", pg.title)
		wd.screenshot(filepath.Join(dir, pg.shot+"-phone.png"))
		if w := wd.script(`return String(document.documentElement.scrollWidth)`); w != "390" && w != "375" {
			t.Errorf("%s is %s px wide at phone width (390)", pg.path, w)
		}
		if cut := wd.script(cutOffJS); cut != "" {
			t.Errorf("%s hides columns at phone width: %s", pg.path, cut)
		}
	}
}

// cutOffJS lists sideways-scrolling boxes whose content is wider than they are (cut-off columns).
const cutOffJS = `
const out = [];
for (const el of document.querySelectorAll(".scroll")) {
  if (el.offsetParent === null || el.closest("details:not([open])")) continue; // not shown
  const sec = el.closest("section"), h = sec && sec.querySelector("h2");
  if (el.scrollWidth > el.clientWidth + 1) out.push((el.firstElementChild ? el.firstElementChild.tagName.toLowerCase() + "." + el.firstElementChild.className : "div") + (h ? " (" + h.textContent + ")" : "") + " " + el.scrollWidth + ">" + el.clientWidth);
}
return out.join(", ");`

func mkdir(dir string) error { return os.MkdirAll(dir, 0o755) }
