package connector_test

import (
	"context"
	"testing"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/push"
	"github.com/refsync/refsync/store"
)

// refsync's own status write-back comes back through the sync as a changed
// record: it is recognised, not received as one more entry; a real change
// after it is.
func TestOwnWritebackIsNotANewChange(t *testing.T) {
	targets := []config.StatusTarget{{Object: "Opportunity", Field: "Description"}}
	e := newEnv(t, func(_ *sfemuOptions, r *rulesT) { r.Push.StatusTargets = targets })
	ref := e.referral(&store.Referral{FirstName: "Eko", LastName: "Back", Email: "eko@back.example"})
	opp := e.insert("Opportunity", map[string]any{"StageName": "Prospecting", "Referral_ID__c": ref.ID, "Amount": 1000.0})
	e.sync()
	if n := len(e.entries(store.EntryFilter{Object: "Opportunity"})); n != 1 {
		t.Fatalf("%d entries after the first sync, want 1", n)
	}
	if _, _, err := e.db.SetReferralStatus(e.ctx, store.StatusChange{ReferralID: ref.ID, To: store.StatusQualified, Actor: "test", Manual: true}); err != nil {
		t.Fatal(err)
	}
	wb := &push.Writeback{Store: e.db, SF: e.crm, Targets: func(context.Context, int64) ([]config.StatusTarget, error) { return targets, nil }}
	if n, err := wb.RunOnce(e.ctx); err != nil || n != 1 {
		t.Fatalf("write-back = %d, %v", n, err)
	}
	if got := e.emu.Get("Opportunity", opp)["Description"]; got != store.StatusQualified {
		t.Fatalf("Opportunity.Description = %v, want the written status", got)
	}
	e.sync()
	if n := len(e.entries(store.EntryFilter{Object: "Opportunity"})); n != 1 {
		t.Fatalf("%d entries after the write-back came back, want still 1", n)
	}
	e.update("Opportunity", opp, map[string]any{"Amount": 2500.0})
	e.sync()
	if n := len(e.entries(store.EntryFilter{Object: "Opportunity"})); n != 2 {
		t.Fatalf("%d entries after a real change, want 2", n)
	}
}
