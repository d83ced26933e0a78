package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/refsync/refsync/store"
)

// TestSettingsNeverEditAProgramByDefault: with several programs and the
// switcher on "All programs" the settings page asks which program's, a save
// must name its program, and the switcher's choice survives signing in again.
func TestSettingsNeverEditAProgramByDefault(t *testing.T) {
	a := newTestApp(t)
	ctx := context.Background()
	admin := a.signedIn("admin@example.com", store.RoleAdmin)
	if p := admin.get("/settings"); !strings.Contains(p.Body, "<h1>Settings of default</h1>") || !strings.Contains(p.Body, "Save settings of default") {
		t.Fatalf("with one program the settings name it in the heading and on the button: %s", p.Body)
	}
	partners, err := a.DB.CreateProgram(ctx, "Partners", "test")
	if err != nil {
		t.Fatal(err)
	}
	p := admin.get("/settings")
	if !strings.Contains(p.Body, "Which program's settings?") || strings.Contains(p.Body, `action="/settings" class="settings"`) {
		t.Fatalf("under All programs the settings page offers a form to save: %s", p.Body)
	}
	form := settingsForm(t, admin.get("/settings?program=1").Body)
	form.Del("program")
	if p := admin.post("/settings", form); p.Code != http.StatusBadRequest || !strings.Contains(p.Body, "which program") {
		t.Fatalf("a save without its program = %d", p.Code)
	}
	if _, _, err := a.DB.CurrentSettings(ctx, store.DefaultProgram); err == nil {
		t.Fatal("a save without a program changed the default program's settings")
	}

	// Opening Partners' settings remembers Partners for this user, across sign-ins.
	page := admin.get("/settings?program=" + itoa(partners.ID))
	if !strings.Contains(page.Body, "Settings of Partners") || !strings.Contains(page.Body, "Save settings of Partners") {
		t.Fatalf("Partners' settings page: %s", page.Body)
	}
	if p := admin.post("/settings", settingsForm(t, page.Body)); p.Code != http.StatusSeeOther || !strings.Contains(p.Location, "program="+itoa(partners.ID)) {
		t.Fatalf("save Partners' settings = %d %s", p.Code, p.Location)
	}
	again := a.client()
	if res, _ := again.login("admin@example.com", testPassword); res.StatusCode != http.StatusSeeOther {
		t.Fatal("sign in again")
	}
	if p := again.get("/settings"); !strings.Contains(p.Body, "Settings of Partners") {
		t.Fatal("the program choice was forgotten at the next sign-in")
	}
	if !strings.Contains(again.get("/").Body, `<option value="`+itoa(partners.ID)+`" selected>Partners`) {
		t.Error("the switcher does not show the remembered program")
	}
	if p := again.post("/program", url.Values{"program": {"0"}, "back": {"/settings?program=" + itoa(partners.ID)}}); p.Location != "/settings" {
		t.Errorf("switching to All programs from settings goes to %q", p.Location)
	}
	// Under All programs, replays and thresholds ask for the program too.
	for _, path := range []string{"/settings/replay", "/settings/thresholds"} {
		if p := again.get(path); p.Code != http.StatusSeeOther || p.Location != "/settings" {
			t.Errorf("%s under All programs = %d %q, want a redirect to pick the program", path, p.Code, p.Location)
		}
	}
	if p := again.post("/settings/replay", url.Values{"which": {"all"}, "days": {"30"}}); p.Code != http.StatusSeeOther || p.Location != "/settings" {
		t.Errorf("a replay under All programs = %d %q, want a redirect to pick the program", p.Code, p.Location)
	}
	if p := again.get("/settings/thresholds?program=" + itoa(partners.ID)); !strings.Contains(p.Body, "Automatic threshold of Partners") {
		t.Errorf("the thresholds page does not name its program: %d", p.Code)
	}
}

// TestNewProgramStartsOffOnTheProgramsPage: a program added in the UI is off,
// cannot be switched on before its settings are saved, then can.
func TestNewProgramStartsOffOnTheProgramsPage(t *testing.T) {
	a := newTestApp(t)
	admin := a.signedIn("admin@example.com", store.RoleAdmin)
	p := admin.post("/programs", url.Values{"name": {"Partners"}})
	if p.Code != http.StatusSeeOther {
		t.Fatalf("add = %d", p.Code)
	}
	page := admin.get("/programs")
	if !strings.Contains(page.Body, "switched off") || !strings.Contains(page.Body, "Its rules check no Salesforce change") {
		t.Fatalf("the programs page does not say the new program is off: %s", page.Body)
	}
	if !strings.Contains(page.Body, `id="switch-on-2" disabled`) {
		t.Error("Switch on is offered before the settings were saved")
	}
	if p := admin.post("/programs/2", url.Values{"action": {"on"}}); p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "settings first") {
		t.Fatalf("switch on without settings = %d", p.Code)
	}
	if p := admin.post("/settings", settingsForm(t, admin.get("/settings?program=2").Body)); p.Code != http.StatusSeeOther {
		t.Fatalf("save = %d", p.Code)
	}
	if p := admin.post("/programs/2", url.Values{"action": {"on"}}); p.Code != http.StatusSeeOther {
		t.Fatalf("switch on = %d %s", p.Code, p.Body)
	}
	if ids, _ := a.DB.ActivePrograms(context.Background()); len(ids) != 2 {
		t.Fatalf("programs the sync evaluates after switching on: %v", ids)
	}
}
