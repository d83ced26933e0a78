package connector_test

import (
	"testing"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector"
	"github.com/refsync/refsync/store"
)

// TestScheduledPollAppliesChange runs the real gocron scheduler with a short
// interval: a stage change is applied without anyone calling SyncNow. The
// latency is logged (bounded by one interval plus one run), not asserted.
func TestScheduledPollAppliesChange(t *testing.T) {
	e := newEnv(t)
	rc, err := connector.New(connector.Options{Sink: e.db, CRM: e.crm, Settings: e.db, Rules: e.rules, Interval: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	e.rc = rc
	ref := e.referral(&store.Referral{FirstName: "Sched", LastName: "Uled", Email: "s@example.com"})
	opp := e.insert("Opportunity", map[string]any{"StageName": "Prospecting", "Referral_ID__c": ref.ID})
	if err := rc.Start(e.ctx); err != nil {
		t.Fatal(err)
	}
	defer rc.Stop()
	waitFor(t, func() bool { st, _ := e.db.SyncState(e.ctx, "Opportunity"); return st.LastSuccessAt != "" })
	changed := time.Now()
	e.update("Opportunity", opp, map[string]any{"StageName": "Closed Won"})
	waitFor(t, func() bool { r, _ := e.db.ReferralByID(e.ctx, ref.ID); return r.Status == "approved" })
	t.Logf("applied %s after the change (poll interval 200ms)", time.Since(changed).Round(time.Millisecond))
	if err := rc.Stop(); err != nil {
		t.Fatal(err)
	}
	if n := e.changes(ref.ID, "approved"); n != 1 {
		t.Fatalf("approved %d times", n)
	}
}

// TestSettingsChangeReschedules: saving settings that watch another object
// reschedules the polls without a restart of refsync.
func TestSettingsChangeReschedules(t *testing.T) {
	e := newEnv(t)
	e.rules.Objects = []string{"Lead"}
	e.rules.Events = e.rules.Events[1:]
	e.rules.Mappings, e.rules.DirectFields = nil, e.rules.DirectFields[:1]
	e.rules.FuzzyFields = e.rules.FuzzyFields[:9]
	rc, err := connector.New(connector.Options{Sink: e.db, CRM: e.crm, Settings: e.db, Rules: e.rules, Interval: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := rc.Start(e.ctx); err != nil {
		t.Fatal(err)
	}
	defer rc.Stop()
	ref := e.referral(&store.Referral{FirstName: "Re", LastName: "Sched", Email: "re@sched.example"})
	opp := e.insert("Opportunity", map[string]any{"StageName": "Closed Won", "Referral_ID__c": ref.ID})
	waitFor(t, func() bool { st, _ := e.db.SyncState(e.ctx, "Lead"); return st.LastSuccessAt != "" })
	if st, _ := e.db.SyncState(e.ctx, "Opportunity"); st.LastRunAt != "" {
		t.Fatal("Opportunity polled though not watched")
	}
	full := config.DefaultRules()
	full.Backfill = "2000-01-01"
	body, _ := full.JSON()
	if _, err := e.db.SaveSettings(e.ctx, 1, body, "user:admin"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { r, _ := e.db.ReferralByID(e.ctx, ref.ID); return r.Status == "approved" })
	_ = opp
}
