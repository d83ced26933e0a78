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
	w := &push.Worker{Store: pushStore{db}, SF: o.sf, BackoffBase: time.Minute,
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

// The existing-email rule looks at Contacts too when pushing Leads: a person
// who is already a Contact is linked (or the referral denied), no Lead is made.
func TestPushExistingEmailOnAContact(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		option string
		state  string
	}{{config.OnExistingLink, store.SFLinked}, {config.OnExistingUpdate, store.SFLinked}, {config.OnExistingDeny, ""}} {
		db, o := openDB(t), newOrg(t)
		contact, err := o.srv.Insert("Contact", map[string]any{"LastName": "Known", "Email": "known@contact.example"})
		if err != nil {
			t.Fatal(err)
		}
		r := addReferral(t, db, &store.Referral{FirstName: "Kim", LastName: "Known", Email: "Known@Contact.example"})
		rules := config.DefaultPushRules()
		rules.OnExistingEmail, rules.RecentWindowMinutes = tc.option, 0
		if _, err := newWorker(db, o.sf, rules).RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		if n := len(leadsWithReferral(o, r.ID)); n != 0 {
			t.Errorf("%s: %d Leads made for a person who is a Contact", tc.option, n)
		}
		got, _ := db.ReferralByID(ctx, r.ID)
		links, _ := db.LinksOfReferral(ctx, r.ID)
		if tc.option == config.OnExistingDeny {
			if got.Status != store.StatusDenied {
				t.Errorf("deny: status %s", got.Status)
			}
			continue
		}
		if got.SFState != tc.state || len(links) != 1 || links[0].RecordID != contact || links[0].Object != "Contact" {
			t.Errorf("%s: state %q links %+v; want linked to Contact %s", tc.option, got.SFState, links, contact)
		}
	}
}
