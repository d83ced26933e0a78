package webhook

import (
	"context"
	"strings"
	"testing"

	"github.com/refsync/refsync/connector/mail"
	"github.com/refsync/refsync/store"
)

// A rule that can no longer fire is in the trouble email, naming the rule and
// the field's values now; once fixed, the all-clear follows.
func TestTroubleEmailNamesRulesThatCannotFire(t *testing.T) {
	sink, addr := startSMTP(t)
	ctx := context.Background()
	db, err := store.Open(ctx, t.TempDir()+"/t.db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	d := &Dispatcher{DB: dbStore{db}, Mail: mailbox(db, "", &mail.Mailer{Addr: addr, From: "refsync@example.com", To: []string{"admin@example.com"}})}
	db.SetConnectionState(ctx, "connected", "2026-03-01T09:00:00Z", "", 10, 15000)
	line := `Program 1: the rule Lead.Status entered "Closed - Converted" → qualified — it can no longer fire: its values are "Open", "Qualified"`
	if err := db.SetRuleProblems(ctx, []string{line}); err != nil {
		t.Fatal(err)
	}
	if err := d.MailTrouble(ctx); err != nil {
		t.Fatal(err)
	}
	msgs := sink.messages()
	if len(msgs) != 1 || !strings.Contains(msgs[0], "Closed - Converted") || !strings.Contains(msgs[0], "Qualified") {
		t.Fatalf("trouble email: %q", msgs)
	}
	if err := db.SetRuleProblems(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if err := d.MailTrouble(ctx); err != nil {
		t.Fatal(err)
	}
	if msgs = sink.messages(); len(msgs) != 2 || !strings.Contains(msgs[1], "back to normal") {
		t.Fatalf("after the fix: %q", msgs)
	}
}
