package hook

import (
	"context"
	"fmt"
	"net"
	"net/smtp"
	"strings"
	"time"

	"github.com/refsync/refsync/store"
)

// Mailer sends notifications by SMTP (net/smtp; STARTTLS when the server
// offers it). The password comes from the environment only (config).
type Mailer struct {
	Addr     string   // host:port
	From     string   // sender address
	To       []string // recipients
	Username string   // "" : no authentication
	Password string
	BaseURL  string // where the UI is, for links ("" : none)
}

// Send delivers one message to every recipient.
func (m *Mailer) Send(subject, body string) error {
	host, _, err := net.SplitHostPort(m.Addr)
	if err != nil {
		return fmt.Errorf("hook: mail server %q is not host:port: %w", m.Addr, err)
	}
	var auth smtp.Auth
	if m.Username != "" {
		auth = smtp.PlainAuth("", m.Username, m.Password, host)
	}
	msg := "From: " + m.From + "\r\nTo: " + strings.Join(m.To, ", ") + "\r\nSubject: " + subject +
		"\r\nDate: " + time.Now().UTC().Format(time.RFC1123Z) + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
		strings.ReplaceAll(body, "\n", "\r\n")
	if err := smtp.SendMail(m.Addr, auth, m.From, m.To, []byte(msg)); err != nil {
		return fmt.Errorf("hook: send mail through %s: %w", m.Addr, err)
	}
	return nil
}

// digestMail writes the review digest as one email.
func digestMail(d *store.ReviewDigest, baseURL string) (subject, body string) {
	subject = fmt.Sprintf("refsync: %d entries went to review", d.Count)
	var b strings.Builder
	fmt.Fprintf(&b, "%d sales entries went to review since the last message.\n\nOldest waiting:\n", d.Count)
	for _, it := range d.Items {
		fmt.Fprintf(&b, "- #%d %s %s, %s, since %s", it.EntryID, it.Object, it.RecordID, it.Reason, it.At)
		if baseURL != "" {
			fmt.Fprintf(&b, " — %s/entries/%d", strings.TrimRight(baseURL, "/"), it.EntryID)
		}
		b.WriteString("\n")
	}
	if baseURL != "" {
		fmt.Fprintf(&b, "\nThe review queue: %s/entries\n", strings.TrimRight(baseURL, "/"))
	}
	return subject, b.String()
}

// MailDigest sends the review digest by email when one is due: at most one
// message per DigestEvery, with the count and the oldest waiting entries,
// only for entries of programs whose "notify when an entry goes to review"
// toggle is on. A failed send is tried again at the next run.
func (d *Dispatcher) MailDigest(ctx context.Context) error {
	d.defaults()
	if d.Mail == nil {
		return nil
	}
	programs, err := d.notifyPrograms(ctx)
	if err != nil {
		return err
	}
	if programs != nil && len(programs) == 0 {
		return d.DB.SkipReviewDigest(ctx, store.CursorReviewMail)
	}
	dg, err := d.DB.PendingReviewDigest(ctx, store.CursorReviewMail, d.DigestEvery, d.DigestSize, programs)
	if err != nil || dg == nil {
		return err
	}
	subject, body := digestMail(dg, d.Mail.BaseURL)
	if err := d.Mail.Send(subject, body); err != nil {
		return err
	}
	return d.DB.MarkDigestSent(ctx, store.CursorReviewMail, dg.UpTo)
}

// notifyPrograms are the programs whose toggle asks for notifications (nil: every program).
func (d *Dispatcher) notifyPrograms(ctx context.Context) ([]int64, error) {
	if d.NotifyPrograms == nil {
		return nil, nil
	}
	ps, err := d.NotifyPrograms(ctx)
	if err != nil {
		return nil, fmt.Errorf("hook: read the notify toggles: %w", err)
	}
	if ps == nil {
		ps = []int64{}
	}
	return ps, nil
}
