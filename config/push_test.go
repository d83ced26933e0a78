package config

import (
	"strings"
	"testing"
)

func TestPushRulesValidate(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(*PushRules)
		wantErr string
	}{
		{"defaults", func(*PushRules) {}, ""},
		{"off", func(p *PushRules) { p.Object = "" }, ""},
		{"contact", func(p *PushRules) { p.Object = "Contact"; p.OnExistingEmail = OnExistingDeny }, ""},
		{"bad object", func(p *PushRules) { p.Object = "Account" }, "push object"},
		{"bad option", func(p *PushRules) { p.OnExistingEmail = "merge" }, "on_existing_email"},
		{"no referral id field", func(p *PushRules) { p.ReferralIDField = "" }, "referral_id_field"},
		{"bad member field", func(p *PushRules) { p.MemberFields = []string{"age"} }, "member field \"age\""},
		{"bad custom target", func(p *PushRules) { p.CustomFields = map[string]string{"plan": "Plan Name"} }, "custom field \"plan\""},
		{"url without base", func(p *PushRules) { p.ReferralURLField = "Referral_URL__c" }, "base_url"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := DefaultPushRules()
			tc.edit(&p)
			err := p.Validate()
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("Validate() = %v, want %q", err, tc.wantErr)
			}
		})
	}
}
