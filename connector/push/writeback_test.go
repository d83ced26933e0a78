package push_test

import (
	"context"
	"testing"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/push"
	"github.com/refsync/refsync/store"
)

// A status change is written back onto the linked Lead, through a job that is
// retried when Salesforce refuses it.
func TestStatusWriteback(t *testing.T) {
	ctx := context.Background()
	o := newWBOrg(t, 1) // one referral linked to its Lead
	db, sf, emu, lead := o.db, o.sf, o.emu, o.leads[0]
	r, err := db.ReferralByID(ctx, o.refs[0])
	if err != nil {
		t.Fatal(err)
	}
	targets := []config.StatusTarget{{Object: "Lead", Field: "Description"}}
	w := &push.Writeback{Store: db, SF: sf, Targets: func(context.Context, int64) ([]config.StatusTarget, error) { return targets, nil }}

	if _, _, err := db.SetReferralStatus(ctx, store.StatusChange{ReferralID: r.ID, To: store.StatusQualified, Actor: "test", Manual: true}); err != nil {
		t.Fatal(err)
	}
	if n, err := w.RunOnce(ctx); err != nil || n != 1 {
		t.Fatalf("run = %d, %v", n, err)
	}
	if got := emu.Get("Lead", lead)["Description"]; got != "qualified" {
		t.Fatalf("Lead.Description = %v, want qualified", got)
	}
	if n, _ := w.RunOnce(ctx); n != 0 {
		t.Errorf("a second run wrote %d again", n)
	}

	// Salesforce refuses (no such field): the job waits and retries, it is not lost.
	targets = []config.StatusTarget{{Object: "Lead", Field: "Referral_Status_Missing__c"}}
	if _, _, err := db.SetReferralStatus(ctx, store.StatusChange{ReferralID: r.ID, To: store.StatusApproved, Actor: "test", Manual: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.RunOnce(ctx); err == nil {
		t.Fatal("a refused write-back reported no error")
	}
	j, err := db.JobByRef(ctx, store.JobSFStatus, r.ID)
	if err != nil || j.State != "pending" || j.LastError == "" {
		t.Fatalf("refused write-back job = %+v, %v; want pending with the error", j, err)
	}
}
