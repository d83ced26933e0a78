package api

import (
	"context"
	"fmt"
	"testing"

	"github.com/refsync/refsync/store"
)

func TestReferralValidation(t *testing.T) {
	e := newEnv(t)
	e.must("POST", "/api/v1/referrals", `{"last_name":"Taken","email":"taken@example.com"}`, 201)
	tests := []struct {
		body        string
		want        int
		code, field string
	}{
		{`{"last_name":"Lee","email":"not-an-email"}`, 422, codeInvalid, "email"},
		{`{"last_name":"Lee","email":"a@localhost"}`, 422, codeInvalid, "email"},
		{`{"last_name":"Lee","phone":"call me"}`, 422, codeInvalid, "phone"},
		{`{"last_name":"Lee","status":"won"}`, 422, codeInvalid, "status"},
		{`{"city":"Springfield"}`, 422, codeInvalid, "last_name"},
		{`{"last_name":"` + fmt.Sprintf("%0300d", 0) + `"}`, 422, codeInvalid, "last_name"},
		{`{"last_name":"Lee","first_name":"A\nB"}`, 422, codeInvalid, "first_name"},
		{`{"last_name":"Lee","member_code":"NOPE"}`, 422, codeInvalid, ""},
		{`{"last_name":"Lee","email":"TAKEN@example.com"}`, 409, codeConflict, ""},
		{`{"last_name":"Lee"} {"x":1}`, 400, codeBadJSON, ""},
		{``, 400, codeBadJSON, ""},
		{`{"last_name":"Lee","email":"lee@example.com"}`, 201, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.body, func(t *testing.T) {
			code, out := e.do("POST", "/api/v1/referrals", e.admin, tc.body)
			gotCode, gotField := errorOf(out)
			if code != tc.want || gotCode != tc.code || gotField != tc.field {
				t.Fatalf("= %d %s %q, want %d %s %q (%v)", code, gotCode, gotField, tc.want, tc.code, tc.field, out)
			}
		})
	}
}

func TestBulkReportsEachItem(t *testing.T) {
	e := newEnv(t)
	e.must("POST", "/api/v1/referrals", `{"last_name":"Before","email":"before@example.com","external_id":"x-1"}`, 201)
	out := e.must("POST", "/api/v1/referrals/bulk", `{"items":[
		{"last_name":"One","email":"one@example.com"},
		{"last_name":"Two","email":"bad"},
		{"last_name":"Three","nickname":"T"},
		{"last_name":"Before","email":"before@example.com","external_id":"x-1"},
		{"last_name":"Other","email":"before@example.com"}]}`, 200)
	want := []struct{ result, field string }{{"created", ""}, {"error", "items[1].email"}, {"error", "items[2].nickname"},
		{"exists", ""}, {"error", "items[4]"}}
	items := out["items"].([]any)
	if len(items) != len(want) {
		t.Fatalf("%d results, want %d", len(items), len(want))
	}
	for i, w := range want {
		it := items[i].(map[string]any)
		_, field := errorOf(it)
		if it["result"] != w.result || field != w.field {
			t.Errorf("item %d = %v, want %s %q", i, it, w.result, w.field)
		}
	}
	if jobs, _ := e.db.CountJobs(context.Background(), store.JobSFPush); jobs[store.JobPending] != 2 {
		t.Errorf("push jobs = %v, want 2 pending (the first referral and the one bulk-created)", jobs)
	}
	big := `{"items":[` + repeatJSON(`{"last_name":"X"}`, maxBulk+1) + `]}`
	if code, res := e.do("POST", "/api/v1/referrals/bulk", e.admin, big); code != 422 {
		t.Fatalf("%d items = %d %v, want 422", maxBulk+1, code, res)
	}
}

func repeatJSON(item string, n int) string {
	b := make([]byte, 0, n*(len(item)+1))
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, item...)
	}
	return string(b)
}
