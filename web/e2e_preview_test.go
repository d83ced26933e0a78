//go:build e2e

package web

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/refsync/refsync/store"
)

// The org renamed its won stage to "Won", so two deals won meanwhile left
// their referrals pending. An admin edits the rule in Settings, previews it
// (the counts and a changed entry show, nothing changes), saves, replays the
// saved version, and sees both referrals approved with the settings version
// in their history.
func TestE2EPreviewSaveReplay(t *testing.T) {
	app := newTestApp(t, withReceiver)
	ctx := context.Background()
	var refs []*store.Referral
	for _, name := range []string{"Ada", "Bea"} {
		r := &store.Referral{FirstName: name, LastName: "Won", Email: strings.ToLower(name) + "@won.test"}
		if err := app.DB.CreateReferral(ctx, r, "test"); err != nil {
			t.Fatal(err)
		}
		refs = append(refs, r)
	}
	first := app.wonDeal(refs[0])
	app.wonDeal(refs[1])
	app.addUser("admin@example.com", store.RoleAdmin)
	dir := artifactsDir(t)
	wd := startBrowser(t)

	wd.open(app.Srv.URL + "/login")
	wd.find("#email").typeText("admin@example.com")
	wd.find("#password").typeText(testPassword)
	wd.find("form[action='/login'] button[type=submit]").click()
	wd.waitFor("h1", "Dashboard")

	wd.open(app.Srv.URL + "/settings")
	wd.waitFor("h1", "Settings")
	value := wd.find("#ev-0-value")
	value.clear()
	value.typeText("Won")
	wd.find("#preview-button").click()
	wd.waitFor("h1", "What the changed settings would have done")
	wd.waitFor("#pv-changed", "2")
	wd.waitFor("#pv-sample", "#"+itoa(first.ID))
	wd.waitFor("#pv-sample", `entered "Won" → approved`)
	wd.waitFor("#pv-referrals", refs[0].ID)
	wd.screenshot(filepath.Join(dir, "settings-preview.png"))
	if r, _ := app.DB.ReferralByID(ctx, refs[0].ID); r.Status != store.StatusPending {
		t.Fatalf("the preview changed the referral to %s", r.Status)
	}

	wd.find("#save-previewed").click()
	wd.waitFor(".flash", "saved as version 1")
	wd.find("a[href='/settings/replay']").click()
	wd.waitFor("h1", "Replay a saved version")
	wd.waitFor("#pv-changed", "2")
	wd.find("#replay-button").click()
	wd.waitFor("#job-state", "done")
	wd.waitFor("#job-done", "2 of 2")
	wd.screenshot(filepath.Join(dir, "settings-replayed.png"))

	for _, r := range refs {
		wd.open(app.Srv.URL + "/referrals/" + r.ID)
		wd.waitFor("#referral-status", "approved")
		wd.waitFor(".history", "replay:settings v1")
	}
}
