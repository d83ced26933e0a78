package main

import (
	"context"
	"strings"
	"testing"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/store"
)

// A duplicate rule that refuses a pushed Lead names the existing record: the
// existing-email option decides — link (the default) links the referral to
// it, create leaves the push failed with the record named.
func TestPushDuplicateRuleLinksTheNamedRecord(t *testing.T) {
	for _, tc := range []struct {
		option    string
		wantState string
	}{{config.OnExistingLink, store.SFLinked}, {config.OnExistingCreate, store.SFFailed}} {
		t.Run(tc.option, func(t *testing.T) {
			ctx := context.Background()
			db, o := openDB(t), newOrg(t)
			existing, err := o.srv.Insert("Lead", map[string]any{"FirstName": "Dana", "LastName": "Dup", "Company": "Dup Inc", "Email": "dana.old@example.com"})
			if err != nil {
				t.Fatal(err)
			}
			r := addReferral(t, db, &store.Referral{FirstName: "Dana", LastName: "Dup", Company: "Dup Inc", Email: "dana@example.com"})
			rules := config.DefaultPushRules()
			rules.OnExistingEmail = tc.option
			w := newWorker(db, &dupRuleSF{Client: o.sf, blocked: map[string]bool{"dana@example.com": true}, existing: existing}, rules)
			if _, err := w.RunOnce(ctx); err != nil {
				t.Fatal(err)
			}
			got, _ := db.ReferralByID(ctx, r.ID)
			links, _ := db.LinksOfReferral(ctx, r.ID)
			if got.SFState != tc.wantState || len(o.srv.Records("Lead")) != 1 {
				t.Fatalf("state %q (%s), %d Leads; want %q and no new Lead", got.SFState, got.SFError, len(o.srv.Records("Lead")), tc.wantState)
			}
			switch tc.wantState {
			case store.SFLinked:
				if len(links) != 1 || links[0].RecordID != existing {
					t.Fatalf("links %+v, want the Lead the rule named", links)
				}
			case store.SFFailed:
				if len(links) != 0 || !strings.Contains(got.SFError, "matches Lead "+existing) {
					t.Fatalf("links %+v, error %q; want none, the error naming the Lead", links, got.SFError)
				}
			}
		})
	}
}

// The org's own duplicate rule (the emulator's, as `refsync sfemu
// --duplicate-rule Lead.Phone` switches it on) refuses the pushed Lead: with
// link the referral is linked to the Lead the rule named and no Lead is made;
// with deny it is denied; with create it stays failed, naming that Lead.
func TestPushMeetsTheOrgsDuplicateRule(t *testing.T) {
	for _, tc := range []struct{ option, wantState, words string }{
		{config.OnExistingLink, store.SFLinked, ""},
		{config.OnExistingDeny, store.SFDenied, ""},
		{config.OnExistingCreate, store.SFFailed, "DUPLICATES_DETECTED: Use one of these records? (a Salesforce duplicate rule blocked the record"},
	} {
		t.Run(tc.option, func(t *testing.T) {
			ctx := context.Background()
			db, o := openDB(t), newOrg(t)
			existing, r := pushIntoDuplicateRule(t, db, o, tc.option)
			got, _ := db.ReferralByID(ctx, r.ID)
			links, _ := db.LinksOfReferral(ctx, r.ID)
			if got.SFState != tc.wantState || len(o.srv.Records("Lead")) != 1 {
				t.Fatalf("state %q (%s), %d Leads; want %q and no second Lead", got.SFState, got.SFError, len(o.srv.Records("Lead")), tc.wantState)
			}
			if tc.wantState == store.SFLinked && (len(links) != 1 || links[0].RecordID != existing) {
				t.Fatalf("links %+v, want the Lead the org's rule named (%s)", links, existing)
			}
			if tc.words != "" && (!strings.Contains(got.SFError, tc.words) || !strings.Contains(got.SFError, "it matches Lead "+existing)) {
				t.Fatalf("the referral says %q; want Salesforce's words and the Lead %s named", got.SFError, existing)
			}
		})
	}
}
