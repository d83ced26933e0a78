package connector_test

import (
	"testing"

	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// A reviewer applies an entry whose record is already linked (here to another
// referral, as a push or an earlier sync leaves it): the link is moved and the
// apply succeeds, instead of failing on the link's bookkeeping trigger.
func TestApplyEntryOfAnAlreadyLinkedRecord(t *testing.T) {
	e := newEnv(t)
	en, ref := reviewEntry(t, e)
	other := e.referral(&store.Referral{FirstName: "Otto", LastName: "Other", Email: "otto@other.example"})
	if err := e.db.LinkRecord(e.ctx, store.Link{RecordID: en.RecordID, Object: "Opportunity", ReferralID: other.ID, Kind: "fuzzy"}); err != nil {
		t.Fatal(err)
	}
	got, err := e.rc.ApplyEntry(e.ctx, en.ID, ref.ID, true, "user:ann")
	if err != nil {
		t.Fatalf("apply of an already-linked entry: %v", err)
	}
	if got.Outcome != matching.EntryProcessed || e.status(ref.ID) != "approved" {
		t.Fatalf("applied entry %+v, status %s", got, e.status(ref.ID))
	}
	l, err := e.db.LinkByRecord(e.ctx, en.RecordID)
	if err != nil || l.ReferralID != ref.ID || !l.Remembered {
		t.Fatalf("link after apply = %+v, %v", l, err)
	}
}
