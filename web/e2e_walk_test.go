//go:build e2e

package web

import (
	"context"
	"strings"
	"testing"
)

// TestE2ENewcomerWalk walks the main path a newcomer takes (sign in, an entry,
// a correction and retry, the referrals of another program, users and tokens
// on a phone) and checks the moments the walk found stay fixed: the entry's
// history and note read names and labels, not ids and API names; an empty
// referral search names the program it searched; the users and tokens pages
// fit a phone with every button in reach.
func TestE2ENewcomerWalk(t *testing.T) {
	app := newTestApp(t)
	ann, _, e := app.seed()
	app.addUser("admin@example.com", "admin")
	wd := startBrowser(t)
	wd.signIn(app.Srv.URL, "admin@example.com")

	wd.open(app.Srv.URL + "/entries/" + itoa(e.ID))
	wd.find("#fix-field").typeText("Referral ID")
	wd.find("#fix-value").typeText(ann.ID)
	wd.find(`form[action$="/retry"] button`).click()
	wd.open(app.Srv.URL + "/entries/" + itoa(e.ID))
	wd.waitFor("main", "processed")
	if note := wd.script(`const d = [...document.querySelectorAll("dt")].find(x => x.innerText === "Note"); return d ? d.nextElementSibling.innerText : ""`); !strings.Contains(note, "Referral ID") || strings.Contains(note, "Referral_ID__c") {
		t.Errorf("the correction note reads %q, want the field's label, not its API name", note)
	}
	history := wd.script(`return document.getElementById("h-history").nextElementSibling.innerText`)
	if strings.Contains(history, "ref_") || !strings.Contains(history, "Ann Smith") {
		t.Errorf("the entry's history shows ids instead of the referral's name:\n%s", history)
	}

	p, err := app.DB.CreateProgram(context.Background(), "Partners", "test")
	if err != nil {
		t.Fatal(err)
	}
	wd.open(app.Srv.URL + "/referrals")
	wd.find("#program-switch option[value='" + itoa(p.ID) + "']").click()
	wd.waitFor("#program-switch option[selected]", "Partners")
	wd.open(app.Srv.URL + "/referrals?q=Ann")
	if got := wd.find("main .empty").text(); !strings.Contains(got, "No referral of Partners matches") || !strings.Contains(got, "All programs") {
		t.Errorf("an empty search in another program says %q, not which program it searched", got)
	}

	wd.resize(390, 844)
	for _, path := range []string{"/settings/users", "/settings/tokens"} {
		wd.open(app.Srv.URL + path)
		if w := wd.script(`return String(document.documentElement.scrollWidth)`); w != "390" {
			t.Errorf("%s is %s px wide on a 390 px phone", path, w)
		}
		if out := wd.script(`return [...document.querySelectorAll("main table button")].filter(b => b.getBoundingClientRect().right > 390).map(b => b.innerText).join(", ")`); out != "" {
			t.Errorf("%s hides buttons beyond the phone's edge: %s", path, out)
		}
	}
}
