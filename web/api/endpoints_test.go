package api

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// writeEndpoint is an endpoint taking a JSON body, with a good body and a body
// whose field has the wrong type.
type writeEndpoint struct {
	method, path string
	admin        bool // reviewers are refused
	good         string
	want         int
	wrongType    string
	field        string
}

func writeEndpoints(e *env) []writeEndpoint {
	mid, rid, eid, wid := e.fixture()
	e.seq++
	n := e.seq
	return []writeEndpoint{
		{"POST", "/api/v1/referrals", true, fmt.Sprintf(`{"first_name":"Ann","last_name":"Lee","email":"ann%d@example.com","custom":{"plan":"pro"}}`, n), 201, `{"first_name":5}`, "first_name"},
		{"PATCH", "/api/v1/referrals/" + rid, true, `{"city":"Springfield","status":"qualified","note":"called"}`, 200, `{"status":["qualified"]}`, "status"},
		{"POST", "/api/v1/referrals/bulk", true, fmt.Sprintf(`{"items":[{"last_name":"Bulk","email":"bulk%d@example.com"}]}`, n), 200, `{"items":"all"}`, "items"},
		{"POST", "/api/v1/members", true, fmt.Sprintf(`{"referral_code":"NEW-%d","first_name":"Nia"}`, n), 201, `{"referral_code":12}`, "referral_code"},
		{"PATCH", "/api/v1/members/" + mid, true, `{"phone":"+1 555 0100"}`, 200, `{"phone":5550100}`, "phone"},
		{"POST", fmt.Sprintf("/api/v1/entries/%d/apply", eid[0]), false, fmt.Sprintf(`{"referral_id":%q,"remember":true}`, rid), 200, `{"remember":"yes"}`, "remember"},
		{"POST", fmt.Sprintf("/api/v1/entries/%d/retry", eid[1]), false, `{"corrections":{"Email":"right@example.com"}}`, 200, `{"corrections":["x"]}`, "corrections"},
		{"POST", fmt.Sprintf("/api/v1/entries/%d/dismiss", eid[2]), false, `{"note":"test data"}`, 200, `{"note":1}`, "note"},
		{"POST", "/api/v1/qualify", true, fmt.Sprintf(`{"referral_id":%q,"status":"qualified"}`, rid), 200, `{"status":true}`, "status"},
		{"POST", "/api/v1/webhooks", true, `{"url":"https://hooks.example/a","events":["referral.status_changed","entry.review"]}`, 201, `{"events":"entry.review"}`, "events"},
		{"PATCH", fmt.Sprintf("/api/v1/webhooks/%d", wid), true, `{"active":false}`, 200, `{"active":"no"}`, "active"},
	}
}

func TestWriteEndpointsSuccessAndRefusals(t *testing.T) {
	e := newEnv(t)
	for _, ep := range writeEndpoints(e) {
		name := ep.method + " " + strings.TrimPrefix(ep.path, "/api/v1")
		cases := []struct {
			kind, token, body string
			want              int
			code, field       string
		}{
			{"bad JSON", e.admin, `{"first_name":`, 400, codeBadJSON, ""},
			{"not an object", e.admin, `[1,2]`, 400, codeWrongType, ""},
			{"unknown field", e.admin, `{"nickname":"x"}`, 400, codeUnknownField, "nickname"},
			{"wrong type", e.admin, ep.wrongType, 400, codeWrongType, ep.field},
			{"no token", "", ep.good, 401, codeUnauthorized, ""},
			{"unknown token", "rsk_nope", ep.good, 401, codeUnauthorized, ""},
			{"oversized body", e.admin, `{"note":"` + strings.Repeat("x", 5<<20) + `"}`, 413, codeTooLarge, ""},
		}
		if ep.admin {
			cases = append(cases, struct {
				kind, token, body string
				want              int
				code, field       string
			}{"reviewer", e.reviewer, ep.good, 403, codeForbidden, ""})
		}
		for _, c := range cases {
			t.Run(name+"/"+c.kind, func(t *testing.T) {
				code, out := e.do(ep.method, ep.path, c.token, c.body)
				gotCode, gotField := errorOf(out)
				if code != c.want || gotCode != c.code || gotField != c.field {
					t.Fatalf("= %d %s field %q, want %d %s field %q (%v)", code, gotCode, gotField, c.want, c.code, c.field, out)
				}
			})
		}
		t.Run(name+"/success", func(t *testing.T) {
			token := e.admin
			if !ep.admin {
				token = e.reviewer
			}
			if code, out := e.do(ep.method, ep.path, token, ep.good); code != ep.want || out["error"] != nil {
				t.Fatalf("= %d %v, want %d", code, out, ep.want)
			}
		})
	}
}

func TestReadEndpoints(t *testing.T) {
	e := newEnv(t)
	mid, rid, eid, wid := e.fixture()
	tests := []struct {
		path        string
		token       string
		want        int
		code, field string
		list        bool
	}{
		{"/api/v1/referrals", e.reviewer, 200, "", "", true},
		{"/api/v1/referrals?status=pending&limit=1", e.reviewer, 200, "", "", true},
		{"/api/v1/referrals?status=won", e.reviewer, 422, codeInvalid, "status", false},
		{"/api/v1/referrals?cursor=bogus", e.reviewer, 422, codeInvalid, "cursor", false},
		{"/api/v1/referrals?limit=0", e.reviewer, 422, codeInvalid, "limit", false},
		{"/api/v1/referrals/" + rid, e.reviewer, 200, "", "", false},
		{"/api/v1/referrals/ref_nope", e.reviewer, 404, codeNotFound, "", false},
		{"/api/v1/members", e.reviewer, 200, "", "", true},
		{"/api/v1/members/" + mid, e.reviewer, 200, "", "", false},
		{"/api/v1/members/mem_nope", e.reviewer, 404, codeNotFound, "", false},
		{"/api/v1/entries?outcome=review&reason=ambiguous", e.reviewer, 200, "", "", true},
		{"/api/v1/entries?outcome=maybe", e.reviewer, 422, codeInvalid, "outcome", false},
		{fmt.Sprintf("/api/v1/entries/%d", eid[0]), e.reviewer, 200, "", "", false},
		{"/api/v1/entries/999999", e.reviewer, 404, codeNotFound, "", false},
		{"/api/v1/entries/abc", e.reviewer, 404, codeNotFound, "id", false},
		{"/api/v1/webhooks", e.admin, 200, "", "", true},
		{"/api/v1/webhooks", e.reviewer, 403, codeForbidden, "", false},
		{fmt.Sprintf("/api/v1/webhooks/%d", wid), e.admin, 200, "", "", false},
		{fmt.Sprintf("/api/v1/webhooks/%d/deliveries", wid), e.admin, 200, "", "", true},
		{"/api/v1/referrals", "", 401, codeUnauthorized, "", false},
		{"/api/v1/nothing", e.admin, 404, codeNotFound, "", false},
		{"/referrals/" + rid, e.reviewer, 200, "", "", false}, // mounted with the prefix stripped
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			code, out := e.do("GET", tc.path, tc.token, "")
			gotCode, gotField := errorOf(out)
			if code != tc.want || gotCode != tc.code || gotField != tc.field {
				t.Fatalf("= %d %s field %q, want %d %s %q (%v)", code, gotCode, gotField, tc.want, tc.code, tc.field, out)
			}
			if _, ok := out["items"].([]any); ok != tc.list {
				t.Fatalf("list shape = %v, want %v: %v", ok, tc.list, out)
			}
			if tc.list {
				if _, ok := out["next_cursor"].(string); !ok {
					t.Fatalf("no next_cursor: %v", out)
				}
			}
		})
	}
	if code, out := e.do(http.MethodDelete, "/api/v1/referrals/"+rid, e.admin, ""); code != 405 {
		t.Fatalf("DELETE referral = %d %v, want 405", code, out)
	}
}

func TestContentTypeAndMessages(t *testing.T) {
	e := newEnv(t)
	req := httptest.NewRequest("POST", "/api/v1/referrals", strings.NewReader(`last_name=Lee`))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+e.admin)
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusUnsupportedMediaType {
		t.Fatalf("form body = %d %s, want 415", rec.Code, rec.Body)
	}
	_, out := e.do("GET", "/api/v1/referrals/ref_nope", e.admin, "")
	msg := out["error"].(map[string]any)["message"].(string)
	if strings.Contains(msg, "store:") || !strings.Contains(msg, "ref_nope") {
		t.Fatalf("not-found message %q should name the referral without internals", msg)
	}
	code, out := e.do("GET", "/api/v1/referrals", "", "")
	if code != 401 || !strings.Contains(out["error"].(map[string]any)["message"].(string), "refsync token create") {
		t.Fatalf("no token = %d %v; the message should say how to get a token", code, out)
	}
	pad := strings.Repeat(" ", 100<<10) // 100 KiB: over the single-object limit, under the bulk one
	if code, _ := e.do("POST", "/api/v1/referrals", e.admin, `{"last_name":"Pad"}`+pad); code != 413 {
		t.Fatalf("100 KiB single referral = %d, want 413", code)
	}
	if code, out := e.do("POST", "/api/v1/referrals/bulk", e.admin, `{"items":[{"last_name":"Pad"}]}`+pad); code != 200 {
		t.Fatalf("100 KiB bulk = %d %v, want 200", code, out)
	}
}

// The API accepts exactly the referrals the store (and so a CSV import) accepts.
func TestReferralIdentityRuleMatchesStore(t *testing.T) {
	e := newEnv(t)
	code, out := e.do("POST", "/api/v1/referrals", e.admin, `{"city":"Springfield"}`)
	if code != 422 || out["error"].(map[string]any)["field"] != "last_name" ||
		!strings.Contains(out["error"].(map[string]any)["message"].(string), "at least a name, email, phone") {
		t.Fatalf("referral with only a city = %d %v, want 422 naming what is missing", code, out)
	}
	if code, out := e.do("POST", "/api/v1/referrals", e.admin, `{"phone":"+1 555 0199"}`); code != 201 {
		t.Fatalf("referral with only a phone = %d %v, want 201 as in an import", code, out)
	}
}
