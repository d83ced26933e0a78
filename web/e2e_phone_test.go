//go:build e2e

package web

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/refsync/refsync/store"
)

// TestE2EEveryPageAtPhoneWidth opens every page at 390 px (the entry page
// with candidates, two programs so the program columns show) and checks that
// none scrolls sideways, no table is cut off, no word in a comparison table
// is broken mid-word and no chart label overlaps another.
func TestE2EEveryPageAtPhoneWidth(t *testing.T) {
	app := newTestApp(t, func(d *Deps) { d.Describe, d.Objects = testDescribe, testObjects })
	e2eData(t, app)
	ann, _, entry := app.seed()
	ctx := context.Background()
	app.addUser("admin@example.com", "admin")
	if _, err := app.DB.CreateProgram(ctx, "Partners with a rather long name", "test"); err != nil {
		t.Fatal(err)
	}
	hook := &store.Webhook{URL: "https://hooks.example/refsync/a/long/path", Events: []string{"entry.review"}, Secret: "whsec_test"}
	if err := app.DB.CreateWebhook(ctx, hook, "test"); err != nil {
		t.Fatal(err)
	}
	version, err := app.DB.SaveSettings(ctx, store.DefaultProgram, []byte(`{}`), "user:admin@example.com")
	if err != nil {
		t.Fatal(err)
	}
	m, err := app.DB.MemberByCode(ctx, store.DefaultProgram, "ALICE1")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(artifactsDir(t), "phone")
	if err := mkdir(dir); err != nil {
		t.Fatal(err)
	}
	wd := startBrowser(t)
	wd.resize(390, 844)
	wd.open(app.Srv.URL + "/login")
	wd.find("#email").typeText("admin@example.com")
	wd.find("#password").typeText(testPassword + "\r")
	wd.waitFor("h1", "Dashboard")
	for _, pg := range []struct{ path, title, shot string }{
		{"/", "Dashboard", "dashboard"}, {"/entries", "Review queue", "queue"}, {"/entries?outcome=all", "Sales entries", "queue-all"},
		{fmt.Sprintf("/entries/%d", entry.ID), "Entry", "entry"}, {fmt.Sprintf("/entries/%d?rq=smith", entry.ID), "Entry", "entry-search"},
		{"/referrals", "Referrals", "referrals"}, {"/referrals/" + ann.ID, "Ann", "referral"}, {"/referrals/new", "referral", "referral-new"},
		{"/referrals/" + ann.ID + "/edit", "Edit referral", "referral-edit"}, {"/members", "Members", "members"}, {"/members/" + m.ID, "Alice", "member"},
		{"/members/new", "member", "member-new"}, {"/import", "Import", "import"}, {"/programs", "Programs", "programs"},
		{"/settings", "Settings", "settings-pick"}, {"/settings?program=1", "Settings of", "settings"}, {"/settings/audit", "Audit log", "audit"},
		{"/settings/history?program=1", "Settings history", "history"}, {fmt.Sprintf("/settings/history/%d?program=1", version), "Settings version", "version"},
		{fmt.Sprintf("/settings/webhooks/%d", hook.ID), "Webhook", "webhook"},
	} {
		wd.open(app.Srv.URL + pg.path)
		wd.waitFor("h1", pg.title)
		wd.screenshot(filepath.Join(dir, pg.shot+".png"))
		if w := wd.script(`return String(document.documentElement.scrollWidth)`); w != "390" {
			t.Errorf("%s is %s px wide at phone width (390)", pg.path, w)
		}
		for what, js := range map[string]string{"scrolls sideways": overflowJS, "hides columns": cutOffJS, "breaks words": brokenWordsJS, "overlaps chart labels": overlapJS} {
			if got := wd.script(js); got != "" {
				t.Errorf("%s %s at phone width: %s", pg.path, what, got)
			}
		}
	}
}

// brokenWordsJS lists words of comparison tables wider than their cell (the browser breaks them mid-word).
const brokenWordsJS = `
const out = [], ctx = document.createElement("canvas").getContext("2d");
for (const td of document.querySelectorAll("table.fields td, table.fields th")) {
  if (td.offsetParent === null) continue;
  const cs = getComputedStyle(td);
  ctx.font = cs.fontStyle + " " + cs.fontWeight + " " + cs.fontSize + " " + cs.fontFamily;
  const avail = td.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
  for (const w of td.innerText.split(/\s+/)) {
    if (w && ctx.measureText(w).width > avail + 1) { out.push(JSON.stringify(w) + " in " + Math.round(avail) + " px"); break; }
  }
}
return out.slice(0, 6).join(", ");`

// overlapJS lists chart labels that overlap another label.
const overlapJS = `
const out = [], boxes = [];
for (const svg of document.querySelectorAll("svg.chart")) {
  if (svg.getBoundingClientRect().width === 0) continue;
  for (const t of svg.querySelectorAll("text")) boxes.push([t.textContent, t.getBoundingClientRect()]);
}
for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
  const [a, r] = boxes[i], [b, s] = boxes[j];
  if (r.width && s.width && r.left < s.right - 1 && s.left < r.right - 1 && r.top < s.bottom - 1 && s.top < r.bottom - 1) out.push(a + " / " + b);
}
return out.slice(0, 6).join(", ");`
