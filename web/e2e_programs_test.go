//go:build e2e

package web

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/refsync/refsync/store"
)

// A sales ops admin switches to a second program with the header's switcher
// (the lists then show only its referrals), opens one and changes its status
// by hand with a reason; the history names them.
func TestE2ESwitchProgramAndChangeStatus(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	p, err := app.DB.CreateProgram(ctx, "Partners", "test")
	if err != nil {
		t.Fatal(err)
	}
	pia := &store.Referral{ProgramID: p.ID, FirstName: "Pia", LastName: "Partner", Email: "pia@partner.test"}
	for _, r := range []*store.Referral{{FirstName: "Dora", LastName: "Default", Email: "dora@default.test"}, pia} {
		if err := app.DB.CreateReferral(ctx, r, "test"); err != nil {
			t.Fatal(err)
		}
	}
	app.addUser("ops@example.com", store.RoleAdmin)
	dir := artifactsDir(t)
	wd := startBrowser(t)

	wd.open(app.Srv.URL + "/login")
	wd.find("#email").typeText("ops@example.com")
	wd.find("#password").typeText(testPassword)
	wd.find("form[action='/login'] button[type=submit]").click()
	wd.waitFor("h1", "Dashboard")

	wd.find("nav a[href='/referrals']").click()
	wd.waitFor("h1", "Referrals")
	if txt := wd.find("table").text(); !strings.Contains(txt, "Dora") || !strings.Contains(txt, "Pia") {
		t.Fatalf("all programs should list both referrals: %q", txt)
	}
	wd.find("#program-switch option[value='" + itoa(p.ID) + "']").click() // the switcher submits on change
	wd.waitFor("#program-switch option[selected]", "Partners")
	wd.waitFor("h1", "Referrals")
	txt := wd.find("table").text()
	if !strings.Contains(txt, "Pia") || strings.Contains(txt, "Dora") {
		t.Fatalf("after switching to Partners the list shows: %q", txt)
	}
	wd.screenshot(filepath.Join(dir, "program-switched.png"))

	wd.find("a[href='/referrals/" + pia.ID + "']").click()
	wd.waitFor("#referral-status", "pending")
	wd.find("#s-status option[value='qualified']").click()
	wd.find("#s-note").typeText("called her; she booked a demo")
	wd.find("#status-form button[type=submit]").click()
	wd.waitFor(".flash", "Status changed to qualified")
	wd.waitFor("#referral-status", "qualified")
	if h := wd.find(".history").text(); !strings.Contains(h, "by ops@example.com") || !strings.Contains(h, "called her; she booked a demo") {
		t.Fatalf("history does not name the person and the reason: %q", h)
	}
	wd.screenshot(filepath.Join(dir, "status-changed.png"))
	if r, err := app.DB.ReferralByID(ctx, pia.ID); err != nil || r.Status != store.StatusQualified {
		t.Fatalf("referral in the database: %+v, %v", r, err)
	}
}
