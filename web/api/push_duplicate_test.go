package api

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
