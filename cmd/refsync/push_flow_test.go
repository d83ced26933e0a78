package main

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/push"
	"github.com/refsync/refsync/store"
)

// Moved from web/api with the push store adapter (web may not import push); assertions unchanged.

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
	killed := &push.Worker{Store: &crashingStore{Store: pushStore{e.db}, crash: true}, SF: o.sf, Rules: rulesFunc(rules)}
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
