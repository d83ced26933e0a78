package config

import (
	"errors"
	"strings"
	"testing"
)

// testOrg is a small org: Opportunity with a StageName picklist and an Amount.
func testOrg(object string) (*ObjectSchema, error) {
	common := []FieldSchema{{Name: "Id", Type: "id"}, {Name: "Referral_ID__c", Type: "string"}, {Name: "Name", Type: "string"},
		{Name: "FirstName", Type: "string"}, {Name: "LastName", Type: "string"}, {Name: "Email", Type: "email"}, {Name: "Phone", Type: "phone"},
		{Name: "Company", Type: "string"}, {Name: "Street", Type: "textarea"}, {Name: "City", Type: "string"}, {Name: "State", Type: "string"},
		{Name: "PostalCode", Type: "string"}, {Name: "MailingCity", Type: "string"}, {Name: "MailingPostalCode", Type: "string"},
		{Name: "Member_Code__c", Type: "string"}, {Name: "Status", Type: "picklist", Picklist: []string{"Open", "Closed - Converted"}},
		{Name: "IsActive__c", Type: "boolean"}, {Name: "SystemModstamp", Type: "datetime"}, {Name: "IsDeleted", Type: "boolean"},
		{Name: "Description", Type: "textarea"}, {Name: "LeadSource", Type: "picklist"}, // where the default push writes the source
		{Name: "Score__c", Type: "double", NotCreateable: true, NotUpdateable: true}} // a formula field
	switch object {
	case "Opportunity":
		return &ObjectSchema{Name: object, Fields: append(common,
			FieldSchema{Name: "StageName", Type: "picklist", Picklist: []string{"Prospecting", "Negotiation/Review", "Closed Won", "Closed Lost"}},
			FieldSchema{Name: "Amount", Type: "currency"}, FieldSchema{Name: "Probability", Type: "percent"})}, nil
	case "Lead", "Contact", "Account":
		return &ObjectSchema{Name: object, Fields: common}, nil
	}
	return nil, errors.New("NOT_FOUND: The requested resource does not exist")
}

func TestValidateSchema(t *testing.T) {
	orgObjects := []string{"Account", "Contact", "Lead", "Opportunity", "Case"}
	for _, tc := range []struct {
		name   string
		change func(*Rules)
		says   []string // "" = valid
	}{
		{"defaults", func(*Rules) {}, nil},
		{"picklist typo", func(r *Rules) { r.Events[0].Value = "Negotiaton/Review" },
			[]string{`events[0].value: "Negotiaton/Review" is not a value of Opportunity StageName; did you mean "Negotiation/Review"?`, `"Closed Lost"`}},
		{"picklist far off", func(r *Rules) { r.Events[0].Value = "Won it" }, []string{`allowed: "Prospecting", "Negotiation/Review"`}},
		{"in list checks each", func(r *Rules) { r.Events[0].Operator, r.Events[0].Value = OpIn, "Closed Won, Closd Lost" }, []string{`"Closd Lost" is not a value`}},
		{"contains is free", func(r *Rules) { r.Events[0].Operator, r.Events[0].Value = OpContains, "Closed" }, nil},
		{"is_true on picklist", func(r *Rules) { r.Events[0].Operator = OpIsTrue }, []string{"is_true needs a checkbox field, but Opportunity StageName is a picklist"}},
		{"object typo", func(r *Rules) { r.Objects = append(r.Objects, "Acount") }, []string{`objects[3]: Salesforce has no object "Acount"; did you mean Account?`}},
		{"amount from picklist", func(r *Rules) { r.Mappings[0].Field = "StageName" },
			[]string{"mappings[0].field: Opportunity StageName is a picklist field, but the referral's amount needs a number; number fields of Opportunity: Score__c, Amount, Probability"}},
		{"amount from related text", func(r *Rules) { r.Mappings[0].Field = "Account.Name" }, []string{"Account Name is a string field"}},
		{"company from anything", func(r *Rules) { r.Mappings[0].Field, r.Mappings[0].Target = "StageName", "company" }, nil},
		{"push into a formula field", func(r *Rules) { r.Push.CustomFields = map[string]string{"plan": "Score__c"} },
			[]string{"push.custom_fields.plan: Lead Score__c is read-only for the API", "cannot set it on the records it creates"}},
		{"write-back into a formula field", func(r *Rules) { r.Push.StatusTargets = []StatusTarget{{Object: "Opportunity", Field: "Score__c"}} },
			[]string{"push.status_targets[0].field: Opportunity Score__c is read-only for the API", "cannot write the status into it"}},
		{"write-back into a writable field", func(r *Rules) {
			r.Push.StatusTargets = []StatusTarget{{Object: "Opportunity", Field: "Referral_ID__c"}}
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := DefaultRules()
			r.Events = LabelEvents()
			tc.change(r)
			err := r.ValidateSchema(orgObjects, testOrg)
			if len(tc.says) == 0 {
				if err != nil {
					t.Fatalf("refused valid rules: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("accepted")
			}
			for _, s := range tc.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("message lacks %q:\n%v", s, err)
				}
			}
		})
	}
}
