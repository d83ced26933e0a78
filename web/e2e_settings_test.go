//go:build e2e

package web

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/store"
)

// contactOrg is testDescribe where a Contact has no Member_Code__c but a Referred_By_Code__c.
func contactOrg(ctx context.Context, object string) (*config.ObjectSchema, error) {
	s, err := testDescribe(ctx, object)
	if err != nil || object != "Contact" {
		return s, err
	}
	out := *s
	out.Fields = slices.DeleteFunc(slices.Clone(s.Fields), func(f config.FieldSchema) bool { return f.Name == "Member_Code__c" })
	out.Fields = append(out.Fields, config.FieldSchema{Name: "Referred_By_Code__c", Label: "Referred by code", Type: "string"})
	return &out, nil
}

// TestE2ENewProgramOffSettingsNamedPushToContact: an admin adds a program
// (it starts off), opens its settings from the "which program?" question
// (heading and button name it), sets up push to a Contact with a member field
// picked from the Contact's fields, switches the program on, and finds the
// choice of program again after signing in anew.
func TestE2ENewProgramOffSettingsNamedPushToContact(t *testing.T) {
	app := newTestApp(t, func(d *Deps) { d.Describe, d.Objects = contactOrg, testObjects })
	e2eData(t, app)
	app.addUser("admin@example.com", "admin")
	dir := filepath.Join(artifactsDir(t), "settings")
	if err := mkdir(dir); err != nil {
		t.Fatal(err)
	}
	wd := startBrowser(t)
	signIn := func() {
		wd.open(app.Srv.URL + "/login")
		wd.find("#email").typeText("admin@example.com")
		wd.find("#password").typeText(testPassword + "\r")
		wd.waitFor("h1", "Dashboard")
	}
	signIn()

	// 1. a new program starts off and cannot be switched on before its rules are saved
	wd.open(app.Srv.URL + "/programs")
	wd.find("#program-name").typeText("Partners")
	wd.find("form.filters button[type=submit]").click()
	wd.waitFor(".flash", `Program "Partners" added, switched off`)
	wd.waitFor("table", "Its rules check no Salesforce change")
	if wd.script(`return String(document.getElementById("switch-on-2").disabled)`) != "true" {
		t.Fatal("Switch on is offered before the program's settings were saved")
	}
	wd.screenshot(filepath.Join(dir, "program-off.png"))

	// 2. under "All programs" the settings ask which program's; no form to save
	wd.open(app.Srv.URL + "/settings")
	wd.waitFor("#h-pick", "Which program's settings?")
	if wd.has("form.settings") {
		t.Fatal("the settings page offers a save under All programs")
	}
	wd.find("ul.pick a[href='/settings?program=2']").click()
	wd.waitFor("h1", "Settings of Partners")
	wd.waitFor("#save-settings", "Save settings of Partners")
	wd.waitFor("#program-switch option[selected]", "Partners")

	// 3. push to a Contact: the member field's picker offers the Contact's fields
	wd.find("#push_object option[value='Contact']").click()
	if got := wd.script(`return document.getElementById("push-member-target-referral_code").getAttribute("list")`); got != "sf-fields-Contact" {
		t.Fatalf("after choosing a Contact the member field offers list %q", got)
	}
	if opts := wd.script(`return [...document.getElementById("sf-fields-Contact").options].map(o => o.value).join("|")`); !strings.Contains(opts, "Referred_By_Code__c") {
		t.Fatalf("the Contact's fields on offer: %s", opts)
	}
	wd.find("#save-settings").click()
	wd.waitFor("#settings-errors", "member field “referral code”")
	wd.script(`document.getElementById("h-push").scrollIntoView(); return ""`)
	wd.screenshot(filepath.Join(dir, "push-contact-refused.png"))
	wd.find("#push-member-target-referral_code").clear()
	wd.find("#push-member-target-referral_code").typeText("Referred_By_Code__c")
	wd.find("#push-st-0-field").typeText("Referral_ID__c")
	wd.find("#save-settings").click()
	wd.waitFor(".flash", "Settings of Partners saved as version")
	raw, _, err := app.DB.CurrentSettings(context.Background(), 2)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := config.ParseRules(raw)
	if r.Push.Object != "Contact" || r.Push.MemberFieldTarget("referral_code") != "Referred_By_Code__c" || len(r.Push.StatusTargets) != 1 {
		t.Fatalf("saved push rules: %+v", r.Push)
	}
	if _, _, err := app.DB.CurrentSettings(context.Background(), store.DefaultProgram); err == nil {
		t.Fatal("the default program's settings were changed too")
	}

	// 1 again: with its rules saved, the program can be switched on
	wd.open(app.Srv.URL + "/programs")
	wd.find("#switch-on-2").click()
	wd.waitFor(".flash", `Program "Partners" is on`)
	if ids, _ := app.DB.ActivePrograms(context.Background()); len(ids) != 2 {
		t.Fatalf("programs the sync evaluates: %v", ids)
	}

	// 2 again: the choice of program is kept with the user, across sign-ins
	wd.find("form.logout button[type=submit]").click()
	wd.waitFor("h1", "Sign in")
	signIn()
	wd.open(app.Srv.URL + "/settings")
	wd.waitFor("h1", "Settings of Partners")
	for _, w := range []int{1280, 390} {
		wd.resize(w, 900)
		wd.open(app.Srv.URL + "/settings")
		wd.script(`document.getElementById("h-push").scrollIntoView(); return ""`)
		wd.screenshot(filepath.Join(dir, fmt.Sprintf("push-settings-%d.png", w)))
		if wide := wd.script(overflowJS); wide != "" {
			t.Errorf("settings at %d px scroll sideways: %s", w, wide)
		}
	}
}
