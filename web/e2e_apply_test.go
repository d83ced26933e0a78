//go:build e2e

package web

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/refsync/refsync/store"
)

// TestE2EApplyComparesBeforeApplying: a reviewer searches for another
// referral on the entry page; nothing is chosen for them, results show city,
// member and status and say when there are more, and picking one shows it
// beside the record with what applying changes, before the apply.
func TestE2EApplyComparesBeforeApplying(t *testing.T) {
	app := newTestApp(t)
	_, bob, entry := app.seed()
	ctx := context.Background()
	for i := range foundLimit + 3 {
		if err := app.DB.CreateReferral(ctx, &store.Referral{FirstName: fmt.Sprint("Walt", i), LastName: "Walker", Email: fmt.Sprintf("w%d@walker.test", i), City: "Springfield"}, "test"); err != nil {
			t.Fatal(err)
		}
	}
	app.addUser("sales@example.com", "reviewer")
	dir := filepath.Join(artifactsDir(t), "apply")
	if err := mkdir(dir); err != nil {
		t.Fatal(err)
	}
	wd := startBrowser(t)
	wd.open(app.Srv.URL + "/login")
	wd.find("#email").typeText("sales@example.com")
	wd.find("#password").typeText(testPassword + "\r")
	wd.waitFor("h1", "Dashboard")
	wd.open(fmt.Sprintf("%s/entries/%d", app.Srv.URL, entry.ID))
	wd.waitFor("h1", fmt.Sprintf("Entry #%d", entry.ID))
	if txt := wd.find(".candidates").text(); !strings.Contains(txt, "Status: pending → approved") {
		t.Errorf("a candidate does not say what applying changes: %q", txt)
	}

	wd.find("#rq").typeText("walker\r")
	wd.waitFor("ul.found", "Springfield")
	wd.waitFor("#more-found", "More referrals match")
	if wd.has("#apply-picked") || wd.has("ul.found input:checked") {
		t.Fatal("a search result is pre-selected or can be applied unseen")
	}
	wd.find("#rq").clear()
	wd.find("#rq").typeText("anne@other\r")
	wd.waitFor("ul.found", "Anne Smyth")
	if txt := wd.find("ul.found").text(); !strings.Contains(txt, "pending") || !strings.Contains(txt, "Other LLC") {
		t.Errorf("a result does not show company and status: %q", txt)
	}
	wd.find(fmt.Sprintf("ul.found a[href*='pick=%s']", bob.ID)).click()
	wd.waitFor("#h-preview", "Anne Smyth beside the record")
	wd.waitFor("#preview-compare", "anne@other.test")
	wd.waitFor("#preview", "Status: pending → approved")
	wd.screenshot(filepath.Join(dir, "apply-preview.png"))
	if r, _ := app.DB.ReferralByID(ctx, bob.ID); r.Status != store.StatusPending {
		t.Fatal("comparing applied the entry")
	}
	wd.find("#apply-picked").click()
	wd.waitFor(".flash", "applied to Anne Smyth")
	if r, _ := app.DB.ReferralByID(ctx, bob.ID); r.Status != store.StatusApproved {
		t.Fatalf("after the apply the referral is %s", r.Status)
	}
}
