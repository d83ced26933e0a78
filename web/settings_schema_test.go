package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/refsync/refsync/config"
)

// testDescribe is a small org: the default rules' fields, StageName as a picklist, Amount a number.
func testDescribe(_ context.Context, object string) (*config.ObjectSchema, error) {
	var fields []config.FieldSchema
	for _, n := range []string{"Id", "FirstName", "LastName", "Email", "Phone", "Company", "Street", "City", "State", "PostalCode",
		"Referral_ID__c", "Member_Code__c", "MailingCity", "MailingPostalCode", "Name", "Type", "SystemModstamp", "IsDeleted",
		"Description", "LeadSource"} { // the last two: where a push writes the source (every real org has them)
		fields = append(fields, config.FieldSchema{Name: n, Label: n, Type: "string"})
	}
	fields = append(fields, config.FieldSchema{Name: "Status", Label: "Status", Type: "picklist", Picklist: []string{"Open", "Closed - Converted"}})
	switch object {
	case "Opportunity":
		fields = append(fields, config.FieldSchema{Name: "StageName", Label: "Stage", Type: "picklist",
			Picklist: []string{"Prospecting", "Negotiation/Review", "Closed Won", "Closed Lost"}},
			config.FieldSchema{Name: "Amount", Label: "Amount", Type: "currency"}, config.FieldSchema{Name: "IsWon", Label: "Won", Type: "boolean"})
		return &config.ObjectSchema{Name: object, Label: object, Fields: fields}, nil
	case "Lead":
		fields = append(fields, config.FieldSchema{Name: "IsConverted", Label: "Converted", Type: "boolean"})
		return &config.ObjectSchema{Name: object, Label: object, Fields: fields}, nil
	case "Contact", "Account":
		return &config.ObjectSchema{Name: object, Label: object, Fields: fields}, nil
	case "User": // as in a real org: no IsDeleted
		return &config.ObjectSchema{Name: object, Label: object, Fields: []config.FieldSchema{{Name: "Id"}, {Name: "SystemModstamp"}, {Name: "Email"}}}, nil
	}
	return nil, errors.New("NOT_FOUND: The requested resource does not exist")
}

// labelEvents puts the status change events by label in a settings form (the
// defaults name the meaning, IsWon and IsConverted).
func labelEvents(form url.Values) {
	for i, ev := range config.LabelEvents() {
		form["ev_object"][i], form["ev_field"][i], form["ev_op"][i], form["ev_value"][i] = ev.Object, ev.Field, ev.Operator, ev.Value
	}
}

func testObjects(context.Context) ([]config.ObjectSchema, error) {
	return []config.ObjectSchema{{Name: "Account", Label: "Account"}, {Name: "Contact", Label: "Contact"},
		{Name: "Lead", Label: "Lead"}, {Name: "Opportunity", Label: "Opportunity"}}, nil
}

// A failed save shows the rows posted plus two blank ones, not two more each time.
func TestSettingsFailedSaveKeepsBlankRows(t *testing.T) {
	app := newTestApp(t, func(d *Deps) { d.Describe, d.Objects = testDescribe, testObjects })
	cl := app.signedIn("admin@example.com", "admin")
	form := settingsForm(t, cl.get("/settings").Body)
	rows := len(form["ev_object"])
	form.Set("auto", "high")
	for range 3 {
		p := cl.post("/settings", form)
		if p.Code != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", p.Code)
		}
		form = settingsForm(t, p.Body)
		form.Set("auto", "high")
		if got := len(form["ev_object"]); got != rows {
			t.Fatalf("after a failed save the events table has %d rows, want %d", got, rows)
		}
		if got, want := len(form["direct_object"]), 3+blankRows; got != want {
			t.Fatalf("direct match table has %d rows, want %d", got, want)
		}
	}
}

// The settings page offers the org's objects, fields and picklist values as searchable lists.
func TestSettingsChoicesFromDescribe(t *testing.T) {
	app := newTestApp(t, func(d *Deps) { d.Describe, d.Objects = testDescribe, testObjects })
	cl := app.signedIn("admin@example.com", "admin")
	body := cl.get("/settings").Body
	if !strings.Contains(body, `id="ev-0-field" name="ev_field" value="IsWon" size="16" list="sf-fields-Opportunity"`) {
		t.Error("the default event is not Opportunity IsWon")
	}
	form := settingsForm(t, body)
	labelEvents(form)
	if p := cl.post("/settings", form); p.Code != http.StatusSeeOther {
		t.Fatalf("saving the events by label: %d %s", p.Code, errorsOf(p.Body))
	}
	body = cl.get("/settings").Body
	for _, want := range []string{
		`<datalist id="sf-objects">`, `<option value="Opportunity" label="Opportunity">`,
		`<datalist id="sf-fields-Opportunity">`, `<option value="StageName" label="Stage · picklist">`,
		`<option value="Account.Name" label="Account Name · text">`,
		`<datalist id="sf-pick-Opportunity-StageName">`, `<option value="Negotiation/Review">`,
		`id="ev-0-field" name="ev_field" value="StageName" size="16" list="sf-fields-Opportunity"`,
		`id="ev-0-value" name="ev_value" value="Closed Won" size="16" list="sf-pick-Opportunity-StageName"`,
		`<input id="add-object" list="sf-objects"`, `<option value="not_equals" >does not equal</option>`, `<option value="member_code" selected>Member&#39;s referral code</option>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("settings page lacks %s", want)
		}
	}
	// a field far from any real one is refused with the object's fields
	bad := settingsForm(t, body)
	bad["ev_field"][0] = "Xyzzy"
	if p := cl.post("/settings", bad); !strings.Contains(errorsOf(p.Body), "Opportunity has no field &#34;Xyzzy&#34;; its fields: Amount, City, Company") {
		t.Errorf("an unknown field is not refused with the fields: %s", errorsOf(p.Body))
	}
	// a value chosen from the list saves
	form = settingsForm(t, body)
	form["ev_value"][0] = "Negotiation/Review"
	if p := cl.post("/settings", form); p.Code != http.StatusSeeOther {
		t.Fatalf("saving a listed picklist value: %d %s", p.Code, errorsOf(p.Body))
	}
}
