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

func TestProgramSwitcherFiltersListsAndSettings(t *testing.T) {
	a := newTestApp(t)
	admin := a.signedIn("admin@example.com", store.RoleAdmin)
	if p := admin.get("/"); strings.Contains(p.Body, `id="program-switch"`) {
		t.Fatal("the switcher shows with one program")
	}
	if p := admin.post("/programs", url.Values{"name": {"Partners"}}); p.Code != http.StatusSeeOther {
		t.Fatalf("add program = %d %s", p.Code, p.Body)
	}
	if p := admin.post("/programs", url.Values{"name": {"Partners"}}); p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "already exists") {
		t.Fatalf("duplicate program = %d", p.Code)
	}
	ctx := context.Background()
	list, _ := a.DB.ListPrograms(ctx, false)
	partners := list[1].ID
	for _, r := range []*store.Referral{{FirstName: "Dora", LastName: "Default", Email: "dora@x.io"}, {ProgramID: partners, FirstName: "Pia", LastName: "Partner", Email: "pia@x.io"}} {
		if err := a.DB.CreateReferral(ctx, r, "test"); err != nil {
			t.Fatal(err)
		}
		a.addEntry(&matching.Entry{ProgramID: r.ProgramID, Object: "Lead", RecordID: "00Q" + r.LastName, Modstamp: "2026-01-01T00:00:00.000Z",
			Snapshot: map[string]any{"LastName": r.LastName}, Outcome: matching.EntryReview, Reason: matching.ReasonNoMatch})
	}

	all := admin.get("/referrals")
	if !strings.Contains(all.Body, `id="program-switch"`) || !strings.Contains(all.Body, "Dora") || !strings.Contains(all.Body, "Pia") {
		t.Fatalf("all programs: %s", all.Body)
	}
	sw := admin.post("/program", url.Values{"program": {itoa(partners)}, "back": {"/referrals"}})
	if sw.Code != http.StatusSeeOther || sw.Location != "/referrals" {
		t.Fatalf("switch = %d %s", sw.Code, sw.Location)
	}
	for path, want := range map[string]string{"/referrals": "Pia", "/entries": "00QPartner"} {
		p := admin.get(path)
		other := map[string]string{"/referrals": "Dora", "/entries": "00QDefault"}[path]
		if !strings.Contains(p.Body, want) || strings.Contains(p.Body, other) {
			t.Errorf("%s after switching to Partners: want %s, not %s", path, want, other)
		}
	}
	if p := admin.get("/"); !strings.Contains(p.Body, "Settings") {
		t.Errorf("dashboard: %d", p.Code)
	}
	// Settings now edit the Partners program; the default keeps its own.
	page := admin.get("/settings")
	if !strings.Contains(page.Body, "Settings of Partners") {
		t.Fatalf("settings heading: %s", page.Body[:min(len(page.Body), 2000)])
	}
	form := settingsForm(t, page.Body)
	form.Del("back")
	form.Set("process.auto_fuzzy", "")
	form.Del("process.auto_fuzzy")
	if p := admin.post("/settings", form); p.Code != http.StatusSeeOther {
		t.Fatalf("save Partners' settings = %d %s", p.Code, p.Body)
	}
	if _, v, err := a.DB.CurrentSettings(ctx, partners); err != nil || v == 0 {
		t.Fatalf("Partners' settings not saved: %v", err)
	}
	if _, _, err := a.DB.CurrentSettings(ctx, store.DefaultProgram); err == nil {
		t.Error("saving Partners' settings saved the default program's too")
	}
	// Archive from the programs page; the switcher then offers it no more.
	if p := admin.post("/programs/"+itoa(partners), url.Values{"action": {"archive"}}); p.Code != http.StatusSeeOther {
		t.Fatalf("archive = %d", p.Code)
	}
	if p := admin.post("/programs/1", url.Values{"action": {"archive"}}); p.Code != http.StatusUnprocessableEntity {
		t.Errorf("archive default = %d", p.Code)
	}
	reviewer := a.signedIn("rev@example.com", store.RoleReviewer)
	if p := reviewer.get("/programs"); p.Code != http.StatusForbidden && p.Code != http.StatusNotFound {
		t.Errorf("reviewer on /programs = %d", p.Code)
	}
}
