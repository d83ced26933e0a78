package webhook

import (
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/refsync/refsync/connector/mail"
	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// smtpSink is a real SMTP server (emersion/go-smtp) in the test process that keeps what it receives.
type smtpSink struct {
	mu   sync.Mutex
	msgs []string
	rcpt [][]string
}

type smtpSession struct {
	s  *smtpSink
	to []string
}

func (s *smtpSession) Reset()                                    { s.to = nil }
func (s *smtpSession) Logout() error                             { return nil }
func (s *smtpSession) Mail(string, *smtp.MailOptions) error      { return nil }
func (s *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error { s.to = append(s.to, to); return nil }
func (s *smtpSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.s.mu.Lock()
	defer s.s.mu.Unlock()
	s.s.msgs = append(s.s.msgs, string(b))
	s.s.rcpt = append(s.s.rcpt, s.to)
	return nil
}

func startSMTP(t *testing.T) (*smtpSink, string) {
	t.Helper()
	sink := &smtpSink{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &smtpSession{s: sink}, nil }))
	srv.Domain = "localhost"
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return sink, l.Addr().String()
}

// mailbox queues mail and sends it at once through the mail kind (connector/mail).
func mailbox(db *store.DB, baseURL string, m *mail.Mailer) *Mailbox {
	return &Mailbox{BaseURL: baseURL, Out: &mail.Sender{Store: db, Mailer: m}}
}

func (s *smtpSink) messages() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.msgs...)
}

// One email per digest interval with the count and the oldest waiting
// entries, never one per entry; programs whose toggle is off are left out.
func TestReviewDigestEmail(t *testing.T) {
	sink, addr := startSMTP(t)
	ctx := context.Background()
	db, err := store.Open(ctx, t.TempDir()+"/r.db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	quiet, err := db.CreateProgram(ctx, "Quiet", "test")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	db.SetClock(func() time.Time { return now })
	review := func(program int64, rec string) {
		err := db.InTx(ctx, func(ctx context.Context) error {
			e := &matching.Entry{ProgramID: program, Object: "Lead", RecordID: rec, Modstamp: now.Format(time.RFC3339Nano), Outcome: matching.EntryReview, Reason: matching.ReasonNoMatch}
			return db.InsertEntryRx(ctx, e, matching.EntryEvent{Actor: "sync", Action: "received", Outcome: e.Outcome, Reason: e.Reason})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	d := &Dispatcher{DB: dbStore{db}, Now: func() time.Time { return now },
		Mail:           mailbox(db, "https://refsync.example", &mail.Mailer{Addr: addr, From: "refsync@example.com", To: []string{"ops@example.com", "lead@example.com"}}),
		NotifyPrograms: func(context.Context) ([]int64, error) { return []int64{store.DefaultProgram}, nil }}

	for i := range 5 {
		review(store.DefaultProgram, fmt.Sprintf("00Q%015d", i))
	}
	review(quiet.ID, "00QQUIET000000000")
	for range 3 { // several runs within one interval: one message
		if err := d.MailDigest(ctx); err != nil {
			t.Fatal(err)
		}
	}
	msgs := sink.messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages, want one digest", len(msgs))
	}
	for _, want := range []string{"Subject: refsync: 5 entries went to review", "00Q000000000000000", ", No match, since", "https://refsync.example/entries/1"} {
		if !strings.Contains(msgs[0], want) {
			t.Errorf("digest lacks %q:\n%s", want, msgs[0])
		}
	}
	if strings.Contains(msgs[0], "QUIET") {
		t.Error("an entry of a program whose notifications are off is in the digest")
	}
	if got := sink.rcpt[0]; len(got) != 2 {
		t.Errorf("recipients = %v", got)
	}

	review(store.DefaultProgram, "00QLATER000000000")
	now = now.Add(5 * time.Minute)
	if err := d.MailDigest(ctx); err != nil || len(sink.messages()) != 1 {
		t.Fatalf("a second message within 15 minutes: %d, %v", len(sink.messages()), err)
	}
	now = now.Add(11 * time.Minute)
	if err := d.MailDigest(ctx); err != nil || len(sink.messages()) != 2 {
		t.Fatalf("after the interval: %d messages, %v", len(sink.messages()), err)
	}
	if m := sink.messages()[1]; !strings.Contains(m, "1 entry went to review") {
		t.Errorf("second digest: %s", m)
	}

	// Toggle off everywhere: nothing is sent, and nothing piles up for later.
	d.NotifyPrograms = func(context.Context) ([]int64, error) { return nil, nil }
	review(store.DefaultProgram, "00QOFF0000000000A")
	now = now.Add(time.Hour)
	if err := d.MailDigest(ctx); err != nil || len(sink.messages()) != 2 {
		t.Fatalf("toggle off: %d messages, %v", len(sink.messages()), err)
	}
}

// Connection trouble mails the admins once per change: unauthorized, an
// object failing, and back to normal — not on every run.
func TestConnectionTroubleEmail(t *testing.T) {
	sink, addr := startSMTP(t)
	ctx := context.Background()
	db, err := store.Open(ctx, t.TempDir()+"/t.db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	d := &Dispatcher{DB: dbStore{db}, Mail: mailbox(db, "", &mail.Mailer{Addr: addr, From: "refsync@example.com", To: []string{"admin@example.com"}})}
	run := func(n int) {
		t.Helper()
		for range n {
			if err := d.MailTrouble(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
	db.SetConnectionState(ctx, "connected", "2026-03-01T09:00:00Z", "", 10, 15000)
	db.FinishSyncRun(ctx, "Lead", "", false)
	run(2)
	if n := len(sink.messages()); n != 0 {
		t.Fatalf("%d messages while all is well", n)
	}
	db.SetConnectionState(ctx, "unauthorized", "2026-03-01T09:00:00Z", "INVALID_SESSION_ID: token revoked", 10, 15000)
	run(3)
	msgs := sink.messages()
	if len(msgs) != 1 || !strings.Contains(msgs[0], "unauthorized") || !strings.Contains(msgs[0], "Connection trouble") && !strings.Contains(msgs[0], "connection trouble") {
		t.Fatalf("after unauthorized: %d messages %q", len(msgs), msgs)
	}
	db.SetConnectionState(ctx, "connected", "2026-03-01T09:05:00Z", "", 12, 15000)
	db.FinishSyncRun(ctx, "Opportunity", "salesforce HTTP 403 INSUFFICIENT_ACCESS", false)
	run(2)
	if msgs = sink.messages(); len(msgs) != 2 || !strings.Contains(msgs[1], "Opportunity: the last sync failed") {
		t.Fatalf("after an object failed: %q", msgs)
	}
	db.FinishSyncRun(ctx, "Opportunity", "", false)
	run(2)
	if msgs = sink.messages(); len(msgs) != 3 || !strings.Contains(msgs[2], "back to normal") {
		t.Fatalf("after recovery: %q", msgs)
	}
}

// The entry.review webhook digest counts only programs whose rule e is on.
func TestReviewWebhookDigestHonoursRuleE(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, t.TempDir()+"/w.db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	quiet, err := db.CreateProgram(ctx, "Quiet", "test")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateWebhook(ctx, &store.Webhook{URL: "http://127.0.0.1:1/", Events: []string{EventEntryReview}, Secret: "s"}, "t"); err != nil {
		t.Fatal(err)
	}
	d := &Dispatcher{DB: dbStore{db}, NotifyPrograms: func(context.Context) ([]int64, error) { return []int64{store.DefaultProgram}, nil }}
	add := func(program int64, rec string) {
		e := &matching.Entry{ProgramID: program, Object: "Lead", RecordID: rec, Modstamp: "m", Outcome: matching.EntryReview}
		if err := db.InsertEntryRx(ctx, e, matching.EntryEvent{Actor: "sync", Action: "review", Outcome: matching.EntryReview}); err != nil {
			t.Fatal(err)
		}
	}
	add(quiet.ID, "00QQUIET1")
	if err := d.Produce(ctx); err != nil {
		t.Fatal(err)
	}
	if rows, _ := db.ListOutbox(ctx, 0, 100); len(rows) != 0 {
		t.Fatalf("a digest for a program whose rule e is off: %d rows", len(rows))
	}
	add(store.DefaultProgram, "00QDEF1")
	if err := d.Produce(ctx); err != nil {
		t.Fatal(err)
	}
	rows, _ := db.ListOutbox(ctx, 0, 100)
	if len(rows) != 1 || !strings.Contains(rows[0].Payload, `"count":1`) || strings.Contains(rows[0].Payload, "QUIET") {
		t.Fatalf("digest = %+v", rows)
	}
}
