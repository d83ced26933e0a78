package api

import (
	"fmt"
	"strings"
	"testing"

	"github.com/refsync/refsync/store"
)

func TestReviewActionsThroughTheReceiver(t *testing.T) {
	e := newEnv(t)
	_, rid, eid, _ := e.fixture()
	steps := []struct {
		name, path, body string
		want             int
		outcome, code    string
	}{
		{"apply", fmt.Sprintf("/api/v1/entries/%d/apply", eid[0]), fmt.Sprintf(`{"referral_id":%q}`, rid), 200, "processed", ""},
		{"apply again", fmt.Sprintf("/api/v1/entries/%d/apply", eid[0]), fmt.Sprintf(`{"referral_id":%q}`, rid), 409, "", codeConflict},
		{"apply to nobody", fmt.Sprintf("/api/v1/entries/%d/apply", eid[1]), `{"referral_id":"ref_nope"}`, 404, "", codeNotFound},
		{"apply without referral", fmt.Sprintf("/api/v1/entries/%d/apply", eid[1]), `{}`, 422, "", codeInvalid},
		{"retry a field the entry lacks", fmt.Sprintf("/api/v1/entries/%d/retry", eid[1]), `{"corrections":{"Shoe_Size__c":"9"}}`, 422, "", codeInvalid},
		{"retry without body", fmt.Sprintf("/api/v1/entries/%d/retry", eid[1]), ``, 200, "", ""},
		{"dismiss", fmt.Sprintf("/api/v1/entries/%d/dismiss", eid[2]), `{"note":"a test lead"}`, 200, "dismissed", ""},
		{"unknown entry", "/api/v1/entries/424242/dismiss", `{"note":"x"}`, 404, "", codeNotFound},
		{"qualify by id", "/api/v1/qualify", fmt.Sprintf(`{"referral_id":%q,"status":"approved"}`, rid), 200, "processed", ""},
		{"qualify with nothing", "/api/v1/qualify", `{"status":"approved"}`, 422, "", codeInvalid},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			token := e.reviewer
			if strings.HasPrefix(s.name, "qualify") { // the inbound webhook needs an admin token
				token = e.admin
			}
			code, out := e.do("POST", s.path, token, s.body)
			gotCode, _ := errorOf(out)
			if code != s.want || gotCode != s.code || (s.outcome != "" && out["outcome"] != s.outcome) {
				t.Fatalf("= %d %v, want %d %s outcome %q", code, out, s.want, s.code, s.outcome)
			}
			if s.want == 200 {
				if h, _ := out["history"].([]any); len(h) == 0 || !strings.Contains(fmt.Sprint(h[len(h)-1]), "api:") {
					t.Fatalf("history %v, want the action recorded with the token's name", out["history"])
				}
			}
		})
	}
	r := e.must("GET", "/api/v1/referrals/"+rid, "", 200)
	if r["status"] != store.StatusApproved {
		t.Fatalf("referral status %v, want approved (applied qualified, then the qualify webhook approved it)", r["status"])
	}
}
