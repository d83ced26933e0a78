package connector_test

import (
	"strings"
	"testing"
	"time"
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
