package web

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/refsync/refsync/connector/mail"
	"github.com/refsync/refsync/store"
)

// mailbox is a real SMTP server (emersion/go-smtp) in the test process.
type mailbox struct {
	mu   sync.Mutex
	msgs []string
	rcpt []string
}

type mailboxSession struct{ m *mailbox }

func (s mailboxSession) Reset()                               {}
func (s mailboxSession) Logout() error                        { return nil }
func (s mailboxSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s mailboxSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.m.mu.Lock()
	defer s.m.mu.Unlock()
	s.m.rcpt = append(s.m.rcpt, to)
	return nil
}
func (s mailboxSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	s.m.mu.Lock()
	defer s.m.mu.Unlock()
	s.m.msgs = append(s.m.msgs, string(b))
	return err
}

func startMailbox(t *testing.T) (*mailbox, string) {
	t.Helper()
	m := &mailbox{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return mailboxSession{m}, nil }))
	srv.Domain = "localhost"
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return m, l.Addr().String()
}

// hookNotifier sends through the digest's own mailer, as cmd wires it.
type hookNotifier struct{ setup MailSetup }

func (h hookNotifier) MailSetup() MailSetup { return h.setup }
func (h hookNotifier) SendTest(_ context.Context, to []string, subject, body string) error {
	return (&mail.Mailer{Addr: h.setup.Server, From: h.setup.From, To: to}).Send(subject, body)
}

// Recipients and interval saved on the page override the environment's, the
// next digest time shows, and the test email reaches the mail server, audited.
func TestNotificationSettingsAndTestEmail(t *testing.T) {
	box, addr := startMailbox(t)
	app := newTestApp(t, func(d *Deps) {
		d.Notifier = hookNotifier{MailSetup{Server: addr, From: "refsync@example.com", To: []string{"env@example.com"}, Every: 15 * time.Minute}}
	})
	admin := app.signedIn("boss@example.com", store.RoleAdmin)
	p := admin.get("/settings/notify")
	if !strings.Contains(p.Body, "env@example.com") || !strings.Contains(p.Body, addr) || !strings.Contains(p.Body, "with the next entry that goes to review") {
		t.Fatalf("notify page before saving:\n%s", p.Body)
	}
	if p := admin.post("/settings/notify", url.Values{"recipients": {"ops@example.com, nobody"}, "every": {"1h"}}); p.Code != http.StatusBadRequest || !strings.Contains(p.Body, "&#34;nobody&#34; is not an email address") {
		t.Fatalf("a bad recipient: %d %s", p.Code, p.Body)
	}
	if p := admin.post("/settings/notify", url.Values{"recipients": {"ops@example.com"}, "every": {"10s"}}); p.Code != http.StatusBadRequest || !strings.Contains(p.Body, "between 1 minute and 24 hours") {
		t.Fatalf("a too short interval: %d", p.Code)
	}
	if p := admin.post("/settings/notify", url.Values{"recipients": {"ops@example.com, lead@example.com"}, "every": {"1h"}}); p.Code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", p.Code, p.Body)
	}
	ctx := context.Background()
	// a digest went out just now
	if err := app.DB.QueueMail(ctx, "review-digest:0", "{}", store.CursorReviewMail, 0); err != nil {
		t.Fatal(err)
	}
	p = admin.get("/settings/notify")
	if !strings.Contains(p.Body, "ops@example.com, lead@example.com") || !strings.Contains(p.Body, `value="1h0m0s"`) || !strings.Contains(p.Body, "not before") {
		t.Fatalf("notify page after saving:\n%s", p.Body)
	}
	if p := admin.post("/settings/notify/test", nil); p.Code != http.StatusSeeOther {
		t.Fatalf("test email: %d %s", p.Code, p.Body)
	}
	box.mu.Lock()
	msgs, rcpt := box.msgs, box.rcpt
	box.mu.Unlock()
	if len(msgs) != 1 || !strings.Contains(msgs[0], "Subject: refsync: test email") || strings.Join(rcpt, ",") != "ops@example.com,lead@example.com" {
		t.Fatalf("mail server got %v to %v", msgs, rcpt)
	}
	rows, _, _ := app.DB.ListAudit(ctx, store.AuditFilter{Limit: 10})
	var acts []string
	for _, r := range rows {
		acts = append(acts, r.Action+" "+r.Detail)
	}
	all := strings.Join(acts, "\n")
	if !strings.Contains(all, "notify.save") || !strings.Contains(all, "notify.test sent to ops@example.com") {
		t.Fatalf("audit: %v", acts)
	}
}

// Without a mail server the page offers no test email button, says what to
// set instead, and a posted test still says so.
func TestNotificationPageWithoutAMailServer(t *testing.T) {
	app := newTestApp(t)
	admin := app.signedIn("boss@example.com", store.RoleAdmin)
	p := admin.get("/settings/notify")
	if strings.Contains(p.Body, "Send a test email") || !strings.Contains(p.Body, `id="no-test-email"`) || !strings.Contains(p.Body, "REFSYNC_SMTP_ADDR") {
		t.Fatalf("notify page without a mail server:\n%s", p.Body)
	}
	if p := admin.post("/settings/notify/test", nil); p.Code != http.StatusSeeOther {
		t.Fatalf("test email without a server: %d", p.Code)
	}
	if p := admin.get("/settings/notify"); !strings.Contains(p.Body, "No mail server is set") {
		t.Fatalf("the flash does not say why no test went out:\n%s", p.Body)
	}
}
