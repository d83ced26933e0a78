package api

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/push"
	"github.com/refsync/refsync/store"
)

func TestReferralThroughAPIBecomesOneLeadEvenAfterACrash(t *testing.T) {
	ctx := context.Background()
	e, o := newEnv(t), newOrg(t)
	now := time.Now()
	e.db.SetClock(func() time.Time { return now })
	e.must("POST", "/api/v1/members", `{"referral_code":"ANN-7","first_name":"Ann","last_name":"Lee","email":"ann@members.example","phone":"+1 555 0101","external_id":"m-7"}`, 201)
	out := e.must("POST", "/api/v1/referrals", `{"external_id":"crm-1","first_name":"Bob","last_name":"Stone","email":"bob@stone.example",
		"phone":"+1 555 0100","company":"Stone Ltd","street":"1 Main St","city":"Springfield","state":"IL","postal_code":"62701",
		"member_code":"ANN-7","custom":{"title":"CFO"}}`, 201)
	id := out["id"].(string)
	if out["salesforce_state"] != store.SFQueued || e.wake.n.Load() != 1 || e.rx.changed.Load() != 1 {
		t.Fatalf("after create: state %v, wakes %d, receiver told %d", out["salesforce_state"], e.wake.n.Load(), e.rx.changed.Load())
	}
	rules := config.DefaultPushRules()
	rules.CustomFields = map[string]string{"title": "Title"}
	rules.MemberFields = []string{"referral_code", "email"}
	rules.MemberFieldTargets = map[string]string{"email": "Industry"} // a field the emulated Lead has
	killed := &push.Worker{Store: &crashingStore{Store: PushStore(e.db), crash: true}, SF: o.sf, Rules: rulesFunc(rules)}
	if _, err := killed.RunOnce(ctx); err == nil {
		t.Fatal("killed run reported no error")
	}
	now = now.Add(time.Hour) // the dead worker's lease has run out
	if _, err := newWorker(e.db, o.sf, rules).RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	leads := leadsWithReferral(o, id)
	if len(leads) != 1 || len(o.srv.Records("Lead")) != 1 {
		t.Fatalf("%d Leads for the referral (%d in all), want exactly 1", len(leads), len(o.srv.Records("Lead")))
	}
	want := map[string]string{"FirstName": "Bob", "LastName": "Stone", "Email": "bob@stone.example", "Phone": "+1 555 0100",
		"Company": "Stone Ltd", "Street": "1 Main St", "City": "Springfield", "State": "IL", "PostalCode": "62701",
		"Referral_ID__c": id, "LeadSource": "Referral", "Member_Code__c": "ANN-7", "Industry": "ann@members.example",
		"Title": "CFO", "Description": "Referred by Ann Lee (member code ANN-7) through refsync."}
	for f, v := range want {
		if got := fmt.Sprint(leads[0][f]); got != v {
			t.Errorf("Lead.%s = %q, want %q", f, got, v)
		}
	}
	got := e.must("GET", "/api/v1/referrals/"+id, "", 200)
	links, _ := got["salesforce"].([]any)
	if got["salesforce_state"] != store.SFCreated || len(links) != 1 || links[0].(map[string]any)["id"] != leads[0]["Id"] {
		t.Fatalf("referral after push: state %v links %v", got["salesforce_state"], links)
	}
}

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
