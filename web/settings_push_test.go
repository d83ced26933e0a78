package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/store"
)

// TestPushToContactIsSetUpOnThePage: every push setting has a control; the
// member field Contact lacks is named in words and fixed on the page.
func TestPushToContactIsSetUpOnThePage(t *testing.T) {
	a := newTestApp(t, func(d *Deps) { d.Describe, d.Objects = contactOrgUnit, testObjects })
	cl := a.signedIn("admin@example.com", store.RoleAdmin)
	form := settingsForm(t, cl.get("/settings").Body)
	for _, name := range []string{"push_recent", "push_referral_id_field", "push_lead_source", "push_source_note_field", "push_referral_url_field",
		"push_member_url_field", "push_base_url", "push_member_target_referral_code", "push_custom_key", "push_st_object", "push_st_field", "push_st_changed"} {
		if !form.Has(name) {
			t.Errorf("the settings page has no control %s", name)
		}
	}
	form.Set("push_object", "Contact")
	p := cl.post("/settings", form)
	if p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "member field “referral code”") {
		t.Fatalf("push to a Contact without Member_Code__c = %d; want the member field named in words", p.Code)
	}
	form.Set("push_member_target_referral_code", "Referred_By_Code__c")
	form.Set("push_custom_key", "plan")
	form["push_custom_field"] = []string{"Description", ""}
	if p := cl.post("/settings", form); p.Code != http.StatusSeeOther {
		t.Fatalf("save = %d %s", p.Code, p.Body)
	}
	r, _, _ := currentRules(context.Background(), a.DB, store.DefaultProgram)
	if r.Push.Object != "Contact" || r.Push.MemberFieldTarget("referral_code") != "Referred_By_Code__c" || r.Push.CustomFields["plan"] != "Description" {
		t.Fatalf("saved push rules: %+v", r.Push)
	}
	// a repeated status change event is refused, naming both rows
	form = settingsForm(t, cl.get("/settings").Body)
	form["ev_object"][1], form["ev_field"][1], form["ev_op"][1], form["ev_value"][1] = form["ev_object"][0], form["ev_field"][0], form["ev_op"][0], form["ev_value"][0]
	if p := cl.post("/settings", form); p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "row 2 repeats row 1") {
		t.Fatalf("a duplicate event row = %d", p.Code)
	}
}

// contactOrgUnit is testDescribe where a Contact has no Member_Code__c but a Referred_By_Code__c.
func contactOrgUnit(ctx context.Context, object string) (*config.ObjectSchema, error) {
	s, err := testDescribe(ctx, object)
	if err != nil || object != "Contact" {
		return s, err
	}
	out := *s
	out.Fields = nil
	for _, f := range s.Fields {
		if f.Name != "Member_Code__c" {
			out.Fields = append(out.Fields, f)
		}
	}
	out.Fields = append(out.Fields, config.FieldSchema{Name: "Referred_By_Code__c", Label: "Referred by code", Type: "string"})
	return &out, nil
}
