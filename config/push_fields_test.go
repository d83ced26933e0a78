package config

import (
	"strings"
	"testing"
)

// A push target field that the chosen object lacks is refused on save, with
// the key and the closest real names, like the rules' other fields.
func TestPushTargetsCheckedAgainstDescribe(t *testing.T) {
	lead := []string{"Id", "FirstName", "LastName", "Email", "Company", "Referral_ID__c", "Description", "LeadSource", "Member_Code__c",
		"Status", "SystemModstamp", "IsDeleted", "Phone", "Street", "City", "State", "PostalCode", "Referral_Status__c"}
	describe := func(object string) ([]string, error) {
		if object == "Contact" {
			return []string{"Id", "FirstName", "LastName", "Email", "Referral_ID__c", "Description", "SystemModstamp", "IsDeleted", "Phone", "MailingCity", "MailingPostalCode", "Member_Code__c"}, nil
		}
		return lead, nil
	}
	r := DefaultRules()
	r.Objects, r.Events, r.Mappings = []string{"Lead"}, LabelEvents()[1:], nil
	r.DirectFields, r.FuzzyFields = r.DirectFields[:1], r.FuzzyFields[:9]
	if err := r.ValidateFields(describe); err != nil {
		t.Fatalf("defaults refused: %v", err)
	}
	r.Push.CustomFields = map[string]string{"plan": "Referal_Plan__c"}
	r.Push.MemberFields = []string{"referral_code", "name"}
	err := r.ValidateFields(describe)
	if err == nil || !strings.Contains(err.Error(), "push.custom_fields.plan") || !strings.Contains(err.Error(), "push.member_fields.name") {
		t.Fatalf("missing push targets not named: %v", err)
	}
	r.Push = DefaultPushRules()
	r.Push.Object = "Contact" // LeadSource is a Lead field: not written on a Contact
	if err := r.ValidateFields(describe); err != nil {
		t.Fatalf("Contact push: %v", err)
	}
}
