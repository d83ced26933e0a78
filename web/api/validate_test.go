package api

import (
	"fmt"
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
		{"bidi override", "/api/v1/referrals", `{"last_name":"Smith\u202Etxt.exe","email":"b@example.com"}`, "last_name"},
		{"zero-width space", "/api/v1/members", `{"referral_code":"M1","first_name":"A\u200Bnn"}`, "first_name"},
		{"byte order mark", "/api/v1/referrals", `{"last_name":"X","company":"\uFEFFAcme"}`, "company"},
		{"only spaces", "/api/v1/referrals", `{"last_name":"   ","email":"s@example.com"}`, "last_name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out := e.do("POST", tc.path, e.admin, tc.body)
			if c, f := errorOf(out); code != 422 || c != codeInvalid || f != tc.field {
				t.Fatalf("%d %v, want 422 invalid naming %s", code, out, tc.field)
			}
		})
	}
	// Invalid UTF-8 is refused, not silently replaced with U+FFFD.
	if code, out := e.do("POST", "/api/v1/referrals", e.admin, "{\"last_name\":\"M\xfcller\"}"); code != 400 || !strings.Contains(fmt.Sprint(out), "not valid UTF-8") {
		t.Fatalf("invalid UTF-8: %d %v, want 400 saying so", code, out)
	}
	// A street may span lines, as Salesforce's Street does.
	e.must("POST", "/api/v1/referrals", `{"last_name":"Two Lines","street":"Main St 1\nBuilding B"}`, 201)
}
