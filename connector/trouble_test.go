package connector_test

import (
	"strings"
	"testing"
	"time"

	"github.com/refsync/refsync/connector/sfemu"
)

// An HTML error page is never what the admin reads: the object's problem says
// Salesforce answered with an error page and when the sync tries again.
func TestErrorPageIsToldInWords(t *testing.T) {
	e := newEnv(t)
	e.sync()
	e.emu.FailNextWithPage(100, 500)
	if _, err := e.rc.SyncOnce(e.ctx, "Lead", time.Time{}); err == nil {
		t.Fatal("want the run to fail while every answer is an error page")
	}
	st, _ := e.db.SyncState(e.ctx, "Lead")
	if !strings.Contains(st.Advice, "Salesforce answered 500 with an error page") || !strings.Contains(st.Advice, "retrying at ") {
		t.Fatalf("advice %q: want the error page and the retry time in words", st.Advice)
	}
	conn, _ := e.db.ConnectionState(e.ctx)
	if strings.Contains(conn.LastError+st.Advice, "<") {
		t.Fatalf("HTML reached the words: %q / %q", conn.LastError, st.Advice)
	}
	e.emu.FailNextWithPage(0, 500)
	e.emu.FailNextWithPage(2, 500) // passing pages are retried within the run
	if _, err := e.rc.SyncOnce(e.ctx, "Lead", time.Time{}); err != nil {
		t.Fatalf("two error pages then answers: %v", err)
	}
}

// A login the org turns away for now (login rate exceeded) while the session
// has expired leaves the connection in error, not unauthorized: the words say
// it passes by itself, the sync is not paused, and once logins are let in
// again the next run receives what changed meanwhile.
func TestLoginRefusedForNowDoesNotPauseTheSync(t *testing.T) {
	e := newEnv(t)
	e.sync()
	e.emu.RevokeTokens()
	if err := e.emu.RefuseLogins(100, sfemu.LoginRateExceeded); err != nil {
		t.Fatal(err)
	}
	if _, err := e.rc.SyncOnce(e.ctx, "Lead", time.Time{}); err == nil {
		t.Fatal("want the run to fail while every login is turned away")
	}
	conn, _ := e.db.ConnectionState(e.ctx)
	if conn.State == "unauthorized" || !strings.Contains(conn.LastError, "for now") || !strings.Contains(conn.LastError, "credentials are fine") {
		t.Fatalf("connection %q: %q; want an error that says the refusal passes by itself", conn.State, conn.LastError)
	}
	if err := e.emu.RefuseLogins(0, sfemu.LoginRateExceeded); err != nil {
		t.Fatal(err)
	}
	id, err := e.emu.Insert("Lead", map[string]any{"LastName": "After", "Company": "Refusal Ltd"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.rc.SyncOnce(e.ctx, "Lead", time.Time{}); err != nil {
		t.Fatalf("logins let in again: the next run must pass, got %v", err)
	}
	e.entryOf(id) // the Lead changed meanwhile was received
	if conn, _ := e.db.ConnectionState(e.ctx); conn.State != "connected" {
		t.Fatalf("connection %q after the refusals ended, want connected", conn.State)
	}
}
