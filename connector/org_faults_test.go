package connector_test

import (
	"strings"
	"testing"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector"
	"github.com/refsync/refsync/store"
)

// QUERY_TIMEOUT on a big first backfill: the window is split with an upper
// SystemModstamp bound halved on each timeout, and the run still receives
// everything and moves the watermark — instead of failing on the same window
// at every poll.
func TestQueryTimeoutSplitsTheWindow(t *testing.T) {
	e := newEnv(t)
	ref := e.referral(&store.Referral{FirstName: "Tim", LastName: "Out", Email: "tim@out.example"})
	e.insert("Opportunity", map[string]any{"StageName": "Closed Won", "Referral_ID__c": ref.ID})
	e.emu.TimeOutNextQueries(4)
	res, err := e.rc.SyncOnce(e.ctx, "Opportunity", time.Time{})
	if err != nil {
		t.Fatalf("a sync whose first queries time out failed: %v", err)
	}
	if res[0].Received != 1 || e.status(ref.ID) != "approved" {
		t.Fatalf("received %d, referral %s", res[0].Received, e.status(ref.ID))
	}
	st, _ := e.db.SyncState(e.ctx, "Opportunity")
	if st.Watermark < "2026" || st.LastError != "" {
		t.Fatalf("watermark %q, last error %q", st.Watermark, st.LastError)
	}
}

// When even a narrow window keeps timing out, the windows read whole still
// move the watermark forward from one run to the next.
func TestQueryTimeoutKeepsTheWatermarkMoving(t *testing.T) {
	e := newEnv(t)
	e.insert("Opportunity", map[string]any{"StageName": "Prospecting"})
	e.emu.TimeOutNextQueries(1)
	if _, err := e.rc.SyncOnce(e.ctx, "Opportunity", time.Time{}); err != nil {
		t.Fatal(err)
	}
	st, _ := e.db.SyncState(e.ctx, "Opportunity")
	if st.Watermark <= "2000-01-01T00:00:00.000+0000" {
		t.Fatalf("watermark stayed at %q", st.Watermark)
	}
}

// Field-level security hides a mapped field, the user loses access to an
// object, or the org's API is switched off: every run fails. The object's
// state says which object, which field and what to do, and the connection
// does not claim "connected" when the org refuses every call.
func TestOrgRefusalsAreToldPerObject(t *testing.T) {
	tests := []struct {
		name   string
		fault  func(e *env)
		object string
		want   []string
		conn   string
	}{
		{"field hidden", func(e *env) { must(t, e.emu.HideField("Opportunity", "Referral_ID__c", true)) }, "Opportunity",
			[]string{"Opportunity.Referral_ID__c", "INVALID_FIELD", "Field-Level Security"}, "connected"},
		{"object denied", func(e *env) { must(t, e.emu.DenyObject("Opportunity", true)) }, "Opportunity",
			[]string{"may not read Opportunity", "INSUFFICIENT_ACCESS", "grant it Read on Opportunity"}, "connected"},
		{"API disabled", func(e *env) { e.emu.SetAPIDisabled(true) }, "Lead",
			[]string{"API_DISABLED_FOR_ORG", "API Enabled"}, "error"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.sync()
			tc.fault(e)
			if _, err := e.rc.SyncOnce(e.ctx, "", time.Time{}); err == nil {
				t.Fatal("the sync reported no error")
			}
			st, _ := e.db.SyncState(e.ctx, tc.object)
			for _, w := range tc.want {
				if !strings.Contains(st.Advice, w) {
					t.Errorf("%s advice %q does not say %q", tc.object, st.Advice, w)
				}
			}
			if st.RetryAt == "" {
				t.Errorf("%s: no retry time recorded", tc.object)
			}
			conn, _ := e.db.ConnectionState(e.ctx)
			if conn.State != tc.conn {
				t.Errorf("connection %q (%s), want %q", conn.State, conn.LastError, tc.conn)
			}
			if tc.conn == "error" && !strings.Contains(conn.LastError, "API_DISABLED_FOR_ORG") {
				t.Errorf("connection error %q does not name the refusal", conn.LastError)
			}
		})
	}
}

// An object refused for a reason only a person can fix backs off at once
// instead of being queried at every interval.
func TestRefusedObjectBacksOff(t *testing.T) {
	e := newEnv(t)
	e.rules.Streaming = map[string]string{}
	for _, o := range e.rules.Objects {
		e.rules.Streaming[o] = config.StreamOff // count the polls' calls only
	}
	rc, err := connector.New(connector.Options{Sink: e.db, CRM: e.crm, Settings: e.db, Rules: e.rules, Interval: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range e.rules.Objects {
		must(t, e.emu.DenyObject(o, true))
	}
	if err := rc.Start(e.ctx); err != nil {
		t.Fatal(err)
	}
	defer rc.Stop()
	waitFor(t, func() bool {
		for _, o := range e.rules.Objects {
			if st, _ := e.db.SyncState(e.ctx, o); st.LastError == "" {
				return false
			}
		}
		return true
	})
	calls := e.emu.APICalls()
	time.Sleep(time.Second) // ten intervals
	if n := e.emu.APICalls() - calls; n > 0 {
		t.Fatalf("the refused objects were queried %d more times within ten poll intervals", n)
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
