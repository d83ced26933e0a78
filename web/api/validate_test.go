package api

import (
	"strings"
	"testing"
)

// Text is checked against the Salesforce field it goes to, control characters
// are refused, and ids must look like ids; each refusal names the field.
func TestInputValidation(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct{ name, path, body, field string }{
		{"first name over 40", "/api/v1/referrals", `{"first_name":"` + strings.Repeat("a", 41) + `","last_name":"X","email":"x@example.com"}`, "first_name"},
		{"email over 80", "/api/v1/referrals", `{"last_name":"X","email":"` + strings.Repeat("a", 75) + `@example.com"}`, "email"},
		{"a 60 KB company", "/api/v1/referrals", `{"last_name":"X","company":"` + strings.Repeat("c", 60000) + `"}`, "company"},
		{"escape sequence", "/api/v1/referrals", `{"last_name":"Red\u001b[31m","email":"r@example.com"}`, "last_name"},
		{"NUL", "/api/v1/members", `{"referral_code":"M\u0000","first_name":"A"}`, "referral_code"},
		{"path as referral id", "/api/v1/qualify", `{"referral_id":"../../settings"}`, "referral_id"},
		{"script as referral id", "/api/v1/qualify", `{"referral_id":"javascript:alert(1)"}`, "referral_id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out := e.do("POST", tc.path, e.admin, tc.body)
			if c, f := errorOf(out); code != 422 || c != codeInvalid || f != tc.field {
				t.Fatalf("%d %v, want 422 invalid naming %s", code, out, tc.field)
			}
		})
	}
	// A street may span lines, as Salesforce's Street does.
	e.must("POST", "/api/v1/referrals", `{"last_name":"Two Lines","street":"Main St 1\nBuilding B"}`, 201)
}
