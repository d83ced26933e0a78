package connector_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/refsync/refsync/store"
)

// `refsync import referrals` while serve runs writes through another
// connection (another process): the serving receiver's matcher must learn the
// new referrals before its next page instead of sending their Opportunities to
// review as no_match until a restart.
func TestIndexFollowsReferralsAnotherProcessImports(t *testing.T) {
	e := newEnv(t)
	early := e.referral(&store.Referral{FirstName: "Early", LastName: "Bird", Email: "early@bird.example"})
	e.insert("Opportunity", map[string]any{"StageName": "Closed Won", "Referral_ID__c": early.ID})
	e.sync() // the index is loaded now
	if got := e.status(early.ID); got != "approved" {
		t.Fatalf("first referral: %s", got)
	}
	other, err := store.Open(context.Background(), e.db.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	const n = 20
	rows := make([]*store.Referral, n)
	for i := range rows {
		rows[i] = &store.Referral{FirstName: "Imported", LastName: fmt.Sprint("Person", i), Email: fmt.Sprintf("imported%d@example.com", i)}
	}
	if _, err := other.ImportReferrals(e.ctx, rows, "import", nil); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.ID == "" {
			t.Fatal("import gave no referral id")
		}
		e.insert("Opportunity", map[string]any{"StageName": "Closed Won", "Referral_ID__c": r.ID})
	}
	e.sync()
	for _, r := range rows {
		if got := e.status(r.ID); got != "approved" {
			ent := e.entries(store.EntryFilter{Search: r.ID})
			t.Fatalf("referral %s imported by another process: status %s (entries %d, first %+v)", r.ID, got, len(ent), ent)
		}
	}
}

// The change counter's triggers survive every migration (0008 rebuilds sf_links).
func TestReferralChangeCounterCountsLinks(t *testing.T) {
	e := newEnv(t)
	r := e.referral(&store.Referral{FirstName: "Link", LastName: "Counted", Email: "link@counted.example"})
	before, err := e.db.ReferralChangeSeq(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	opp := e.insert("Opportunity", map[string]any{"StageName": "Closed Won", "Referral_ID__c": r.ID})
	e.sync()
	after, err := e.db.ReferralChangeSeq(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after <= before {
		t.Fatalf("linking %s to %s left the change counter at %d", opp, r.ID, after)
	}
}
