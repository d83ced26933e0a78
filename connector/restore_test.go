package connector_test

import (
	"testing"

	"github.com/refsync/refsync/store"
)

// A deal a person linked to a referral is deleted, then restored from the
// recycle bin: its link comes back, and when it is won the referral is
// approved — instead of the change landing in review with no link.
func TestRestoredRecordKeepsItsLink(t *testing.T) {
	e := newEnv(t)
	ref := e.referral(&store.Referral{FirstName: "Rosa", LastName: "Stored", Email: "rosa@restore.example"})
	opp := e.insert("Opportunity", map[string]any{"StageName": "Prospecting"})
	e.sync()
	must(t, e.db.LinkRecord(e.ctx, store.Link{RecordID: opp, Object: "Opportunity", ReferralID: ref.ID, Kind: "manual", Remembered: true}))
	must(t, e.emu.Delete("Opportunity", opp))
	e.sync()
	must(t, e.emu.Undelete("Opportunity", opp))
	e.sync()
	if l, err := e.db.LinkByRecord(e.ctx, opp); err != nil || l.ReferralID != ref.ID {
		t.Fatalf("after the restore the link is %+v, %v; want it back to %s", l, err, ref.ID)
	}
	e.update("Opportunity", opp, map[string]any{"StageName": "Closed Won"})
	e.sync()
	if got := e.status(ref.ID); got != "approved" {
		t.Fatalf("restored deal won: referral %s, want approved (entry %+v)", got, e.entryOf(opp))
	}
}

// Leads merged in Salesforce: the link follows the survivor (MasterRecordId),
// and the survivor's conversion reaches the referral.
func TestMergedLeadCarriesTheLink(t *testing.T) {
	e := newEnv(t)
	ref := e.referral(&store.Referral{FirstName: "Mia", LastName: "Merge", Email: "mia@merge.example"})
	loser := e.insert("Lead", map[string]any{"LastName": "Merge", "Company": "M Co", "Referral_ID__c": ref.ID})
	winner := e.insert("Lead", map[string]any{"LastName": "Merge-Dup", "Company": "Other Co"})
	e.sync()
	must(t, e.emu.Merge("Lead", winner, loser))
	e.sync()
	if l, err := e.db.LinkByRecord(e.ctx, winner); err != nil || l.ReferralID != ref.ID {
		t.Fatalf("survivor link = %+v, %v; want %s", l, err, ref.ID)
	}
}
