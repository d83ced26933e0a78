package connector_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/refsync/refsync/connector"
	"github.com/refsync/refsync/connector/salesforce"
	"github.com/refsync/refsync/store"
)

// refreshToken obtains a refresh token from the emulator (password grant).
func refreshToken(t *testing.T, e *env) string {
	t.Helper()
	o := e.emu.Options()
	resp, err := http.PostForm(e.emu.URL()+"/services/oauth2/token", url.Values{"grant_type": {"password"},
		"client_id": {o.ClientID}, "client_secret": {o.ClientSecret}, "username": {o.Username}, "password": {o.Password}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		RefreshToken string `json:"refresh_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || body.RefreshToken == "" {
		t.Fatalf("no refresh token: %v", err)
	}
	return body.RefreshToken
}

func refreshConfig(e *env, token string) salesforce.Config {
	o := e.emu.Options()
	return salesforce.Config{LoginURL: e.emu.URL(), Auth: salesforce.AuthRefreshToken, ClientID: o.ClientID,
		ClientSecret: o.ClientSecret, RefreshToken: token, Attempts: 3, BackoffBase: 5 * time.Millisecond,
		BackoffMax: 20 * time.Millisecond, Recheck: time.Millisecond}
}

func TestRevokedTokenPausesUntilReconnect(t *testing.T) {
	e := newEnv(t)
	var err error
	if e.crm, err = salesforce.New(refreshConfig(e, refreshToken(t, e))); err != nil {
		t.Fatal(err)
	}
	e.rc = e.newReceiver()
	ref := e.referral(&store.Referral{FirstName: "Re", LastName: "Voked", Email: "re@example.com"})
	opp := e.insert("Opportunity", map[string]any{"StageName": "Prospecting", "Referral_ID__c": ref.ID})
	e.sync()
	e.emu.RevokeTokens()
	e.update("Opportunity", opp, map[string]any{"StageName": "Closed Won"})
	if _, err := e.rc.SyncOnce(e.ctx, "", time.Time{}); !errors.Is(err, salesforce.ErrUnauthorized) {
		t.Fatalf("sync with a revoked token: %v", err)
	}
	conn, _ := e.db.ConnectionState(e.ctx)
	if conn.State != "unauthorized" || conn.LastError == "" {
		t.Fatalf("connection = %+v", conn)
	}
	calls := e.emu.APICalls()
	for range 3 {
		if _, err := e.rc.SyncOnce(e.ctx, "", time.Time{}); !errors.Is(err, connector.ErrPaused) {
			t.Fatalf("paused sync: %v", err)
		}
	}
	if e.emu.APICalls() != calls || e.status(ref.ID) != "pending" {
		t.Fatalf("a paused sync called Salesforce (%d → %d) or applied something", calls, e.emu.APICalls())
	}
	if err := e.crm.SetConfig(e.ctx, refreshConfig(e, refreshToken(t, e))); err != nil {
		t.Fatal(err)
	}
	if err := e.rc.Reconnect(e.ctx); err != nil {
		t.Fatal(err)
	}
	e.sync()
	if got := e.status(ref.ID); got != "approved" {
		t.Fatalf("after reconnect: %s", got)
	}
	if conn, _ := e.db.ConnectionState(e.ctx); conn.State != "connected" {
		t.Fatalf("connection after reconnect = %+v", conn)
	}
}

func TestBackOffAndRecover(t *testing.T) {
	tests := []struct {
		name      string
		fault     func(e *env)
		heal      func(e *env)
		failState string
	}{
		{"503 storm", func(e *env) { e.emu.FailNext503(1000) }, func(e *env) { e.emu.FailNext503(0) }, "error"},
		{"403 limit", func(e *env) { e.emu.SetDailyLimit(e.emu.APICalls()) }, func(e *env) { e.emu.SetDailyLimit(100000); e.emu.ResetUsage() }, "limited"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			ref := e.referral(&store.Referral{FirstName: "Storm", LastName: "Y", Email: "storm@example.com"})
			opp := e.insert("Opportunity", map[string]any{"StageName": "Prospecting", "Referral_ID__c": ref.ID})
			e.sync()
			tt.fault(e)
			e.update("Opportunity", opp, map[string]any{"StageName": "Closed Won"})
			for range 2 {
				if _, err := e.rc.SyncOnce(e.ctx, "Opportunity", time.Time{}); err == nil {
					t.Fatal("sync succeeded during the fault")
				}
			}
			if conn, _ := e.db.ConnectionState(e.ctx); conn.State != tt.failState {
				t.Fatalf("connection during fault = %+v", conn)
			}
			st, _ := e.db.SyncState(e.ctx, "Opportunity")
			if st.LastError == "" || e.status(ref.ID) != "pending" {
				t.Fatalf("sync state = %+v", st)
			}
			tt.heal(e)
			e.sync()
			if got := e.status(ref.ID); got != "approved" {
				t.Fatalf("after recovery: %s", got)
			}
			if conn, _ := e.db.ConnectionState(e.ctx); conn.State != "connected" {
				t.Fatalf("connection after recovery = %+v", conn)
			}
		})
	}
}

// wonDeals makes n referrals, each with an Opportunity carrying its id.
func wonDeals(e *env, n int, stage string) (refs, opps []string) {
	for i := range n {
		r := e.referral(&store.Referral{FirstName: "P", LastName: fmt.Sprintf("Person%d", i), Email: fmt.Sprintf("p%d@example.com", i)})
		refs = append(refs, r.ID)
		opps = append(opps, e.insert("Opportunity", map[string]any{"StageName": stage, "Referral_ID__c": r.ID}))
	}
	return refs, opps
}

func TestChangeDuringPollIsNotLost(t *testing.T) {
	e := newEnv(t, func(o *sfemuOptions, _ *rulesT) { o.PageSize = 10 })
	refs, opps := wonDeals(e, 60, "Prospecting")
	e.emu.SetLatency(5 * time.Millisecond)
	done := make(chan error)
	go func() { _, err := e.rc.SyncOnce(e.ctx, "Opportunity", time.Time{}); done <- err }()
	waitFor(t, func() bool {
		wm, _, _ := e.db.Watermark(e.ctx, "Opportunity")
		return wm > "2001" && entriesCount(e) >= 10
	})
	e.update("Opportunity", opps[0], map[string]any{"StageName": "Closed Won"})  // already received this run
	e.update("Opportunity", opps[59], map[string]any{"StageName": "Closed Won"}) // not yet received
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	e.emu.SetLatency(0)
	e.sync()
	for _, i := range []int{0, 59} {
		if got := e.status(refs[i]); got != "approved" {
			t.Fatalf("referral %d changed during the poll: %s", i, got)
		}
	}
}

func TestCrashMidSyncLosesNothingAppliesNothingTwice(t *testing.T) {
	e := newEnv(t, func(o *sfemuOptions, _ *rulesT) { o.PageSize = 20 })
	refs, _ := wonDeals(e, 200, "Closed Won")
	e.emu.SetLatency(5 * time.Millisecond)
	ctx, cancel := context.WithCancel(e.ctx)
	done := make(chan error)
	go func() { _, err := e.rc.SyncOnce(ctx, "Opportunity", time.Time{}); done <- err }()
	waitFor(t, func() bool { return entriesCount(e) >= 40 })
	cancel() // the process dies mid-sync: the open page's transaction never commits
	if err := <-done; err == nil {
		t.Fatal("the interrupted sync reported success")
	}
	partial := entriesCount(e)
	if partial == 0 || partial >= 200 {
		t.Fatalf("interrupted after %d entries; the test needs a partial sync", partial)
	}
	e.emu.SetLatency(0)
	e.rc = e.newReceiver() // a restarted process
	e.sync()
	e.sync()
	if n := entriesCount(e); n != 200 {
		t.Fatalf("entries = %d, want 200 (one per change)", n)
	}
	for i, id := range refs {
		if c := e.changes(id, "approved"); c != 1 {
			t.Fatalf("referral %d approved %d times", i, c)
		}
	}
}

func entriesCount(e *env) int {
	n := 0
	for _, s := range mustStats(e).PerDay {
		for _, c := range s.Outcomes {
			n += c
		}
	}
	return n
}

func mustStats(e *env) store.EntryStats {
	st, err := e.db.EntryStats(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	return st
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached in 20s")
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// TestBackfillCutShortResumes: a re-scan stopped by the per-run API budget
// goes on where it stopped at the next run instead of starting over.
func TestBackfillCutShortResumes(t *testing.T) {
	e := newEnv(t, func(o *sfemuOptions, r *rulesT) { o.PageSize = 5; o.DailyLimit = 100; r.Backfill = ""; r.Lookback = 0 })
	clock := time.Now().Add(time.Minute)                                              // stamps never go back, so start ahead of the org's last one
	e.emu.SetClock(func() time.Time { clock = clock.Add(time.Second); return clock }) // one change per second
	refs, _ := wonDeals(e, 200, "Closed Won")
	runs, limited := 0, 0
	since := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC) // the admin's re-scan
	for ; runs < 6; runs++ {
		_, err := e.rc.SyncOnce(e.ctx, "Opportunity", since)
		since = time.Time{}
		if err == nil {
			break
		}
		if !errors.Is(err, salesforce.ErrLimited) {
			t.Fatal(err)
		}
		limited++
	}
	if limited == 0 || runs == 6 {
		t.Fatalf("runs cut short: %d, runs: %d; want some, then a finished one", limited, runs)
	}
	for i, id := range refs {
		if e.status(id) != "approved" {
			t.Fatalf("referral %d not approved after %d runs", i, runs+1)
		}
	}
	if st, _ := e.db.SyncState(e.ctx, "Opportunity"); st.BackfillFrom != "" {
		t.Fatalf("backfill not cleared: %+v", st)
	}
}
