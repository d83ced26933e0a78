package api

import (
	"context"
	"strings"
	"testing"

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
