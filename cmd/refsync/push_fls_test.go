package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/store"
)

// A push field the integration user may not write (field-level security) is
// the connection's problem, not each referral's: the referrals wait, saying
// what to fix, and none fails for good; once the field is writable they go.
func TestPushFieldHiddenByFieldSecurityWaits(t *testing.T) {
	ctx := context.Background()
	db, o := openDB(t), newOrg(t)
	ids := addPeople(t, db, "Hidden", 3)
	if err := o.srv.HideField("Lead", "LeadSource", true); err != nil {
		t.Fatal(err)
	}
	w := newWorker(db, o.sf, config.DefaultPushRules())
	w.RunOnce(ctx)
	for _, id := range ids {
		r, _ := db.ReferralByID(ctx, id)
		if r.SFState == store.SFFailed || !strings.Contains(r.SFError, "LeadSource") && !strings.Contains(r.SFError, "field-level security") {
			t.Fatalf("referral %s: state %q, error %q; want waiting, naming the field or its security", id, r.SFState, r.SFError)
		}
	}
	stats, _ := db.OutboundStats(ctx)
	if len(stats) != 1 || stats[0].Pending != 3 || stats[0].Failed != 0 || stats[0].LastError == "" {
		t.Fatalf("outbound stats = %+v, want 3 pushes waiting with the reason", stats)
	}
}

// A push field field-level security makes read only (visible, not writable:
// the emulator's --read-only-field) is the connection's problem too: the
// referrals wait naming the field, none fails for good, and they go once it
// is writable again.
func TestPushFieldReadOnlyByFieldSecurityWaits(t *testing.T) {
	ctx := context.Background()
	db, o := openDB(t), newOrg(t)
	now := time.Now()
	db.SetClock(func() time.Time { return now })
	ids := addPeople(t, db, "ReadOnly", 3)
	if err := o.srv.SetFieldReadOnly("Lead", "LeadSource", true); err != nil {
		t.Fatal(err)
	}
	w := newWorker(db, o.sf, config.DefaultPushRules())
	w.Now = func() time.Time { return now }
	w.RunOnce(ctx)
	for _, id := range ids {
		r, _ := db.ReferralByID(ctx, id)
		if r.SFState == store.SFFailed || !strings.Contains(r.SFError, "LeadSource") && !strings.Contains(r.SFError, "field-level security") {
			t.Fatalf("referral %s: state %q, error %q; want waiting, naming the field or its security", id, r.SFState, r.SFError)
		}
	}
	if stats, _ := db.OutboundStats(ctx); len(stats) != 1 || stats[0].Pending != 3 || stats[0].Failed != 0 || !strings.Contains(stats[0].LastError, "field-level security") {
		t.Fatalf("outbound stats = %+v, want 3 pushes waiting, the reason naming field-level security", stats)
	}
	if len(o.srv.Records("Lead")) != 0 {
		t.Fatal("a Lead was created without its LeadSource")
	}
	if err := o.srv.SetFieldReadOnly("Lead", "LeadSource", false); err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Hour) // past every backoff
	if _, err := w.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if r, _ := db.ReferralByID(ctx, id); r.SFState != store.SFCreated {
			t.Fatalf("referral %s after the field is writable: %q (%s)", id, r.SFState, r.SFError)
		}
	}
}
