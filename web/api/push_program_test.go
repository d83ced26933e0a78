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

// Each referral goes to Salesforce the way its own program says: the default
// program makes Leads, a second program Contacts, a third has pushing off and
// its referral waits.
func TestPushUsesEachProgramsSettings(t *testing.T) {
	ctx := context.Background()
	db, o := openDB(t), newOrg(t)
	partners, err := db.CreateProgram(ctx, "Partners", "test")
	if err != nil {
		t.Fatal(err)
	}
	quiet, err := db.CreateProgram(ctx, "Quiet", "test")
	if err != nil {
		t.Fatal(err)
	}
	byProgram := map[int64]config.PushRules{store.DefaultProgram: config.DefaultPushRules(), partners.ID: config.DefaultPushRules(), quiet.ID: {}}
	contact := byProgram[partners.ID]
	contact.Object = "Contact"
	byProgram[partners.ID] = contact
	w := &push.Worker{Store: PushStore(db), SF: o.sf, BackoffBase: time.Minute,
		ProgramRules: func(_ context.Context, p int64) (config.PushRules, error) {
			r, ok := byProgram[p]
			if !ok {
				return r, fmt.Errorf("no program %d", p)
			}
			return r, nil
		}}
	lead := addReferral(t, db, &store.Referral{FirstName: "Lea", LastName: "Default", Email: "lea@default.example", Company: "D Inc"})
	cont := addReferral(t, db, &store.Referral{ProgramID: partners.ID, FirstName: "Cora", LastName: "Partner", Email: "cora@partner.example"})
	wait := addReferral(t, db, &store.Referral{ProgramID: quiet.ID, FirstName: "Quinn", LastName: "Quiet", Email: "quinn@quiet.example"})
	if _, err := w.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(leadsWithReferral(o, lead.ID)); n != 1 {
		t.Errorf("%d Leads for the default program's referral, want 1", n)
	}
	contacts := 0
	for _, c := range o.srv.Records("Contact") {
		if c["Referral_ID__c"] == cont.ID {
			contacts++
		}
	}
	if contacts != 1 || len(leadsWithReferral(o, cont.ID)) != 0 {
		t.Errorf("Partners' referral: %d Contacts, %d Leads; want one Contact", contacts, len(leadsWithReferral(o, cont.ID)))
	}
	if got, _ := db.ReferralByID(ctx, wait.ID); (got.SFState != "" && got.SFState != store.SFQueued) || len(leadsWithReferral(o, wait.ID)) != 0 {
		t.Errorf("Quiet's referral (pushing off) = %q, want still queued", got.SFState)
	}
}
