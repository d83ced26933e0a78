// Package mail sends refsync's notification email by SMTP: the "mail" kind
// of the outbound runner, whose jobs carry the message (outbound.Message).
package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/smtp"
	"strings"
	"time"

	"github.com/refsync/refsync/connector/backoff"
	"github.com/refsync/refsync/connector/outbound"
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
		return fmt.Errorf("mail: mail server %q is not host:port: %w", m.Addr, err)
	}
	var auth smtp.Auth
	if m.Username != "" {
		auth = smtp.PlainAuth("", m.Username, m.Password, host)
	}
	msg := "From: " + m.From + "\r\nTo: " + strings.Join(m.To, ", ") + "\r\nSubject: " + subject +
		"\r\nDate: " + time.Now().UTC().Format(time.RFC1123Z) + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
		strings.ReplaceAll(body, "\n", "\r\n")
	if err := smtp.SendMail(m.Addr, auth, m.From, m.To, []byte(msg)); err != nil {
		return fmt.Errorf("mail: send mail through %s: %w", m.Addr, err)
	}
	return nil
}

// Store is the job queue and the messages mail jobs carry; *store.DB satisfies it.
type Store interface {
	outbound.Queue
	// JobPayloadsEach calls fn with the payload of each job of ids.
	JobPayloadsEach(ctx context.Context, ids []int64, fn func(id int64, payload string)) error
	// FinishJobs ends running jobs as done.
	FinishJobs(ctx context.Context, ids []int64) error
}

// Sender is the "mail" kind of the outbound runner: it sends queued
// messages through Mailer, each job finished right after its message left,
// and retries with backoff while the mail server refuses.
type Sender struct {
	Store  Store
	Mailer *Mailer
	Logger *slog.Logger

	lane *outbound.Lane
}

var _ outbound.Kind = (*Sender)(nil)

// Name is mail's job kind.
func (s *Sender) Name() string { return outbound.MailKind }

// Lane is mail's lane on the outbound runner: a minute doubling to an hour
// between tries, for at most a day.
func (s *Sender) Lane() *outbound.Lane {
	if s.lane == nil {
		s.lane = &outbound.Lane{Queue: s.Store, Kind: s, Logger: s.Logger, Batch: 50, Interval: 2 * time.Second,
			Backoff: backoff.Policy{Base: time.Minute, Max: time.Hour, Jitter: 0.25}, MaxAttempts: 100, RetryFor: 24 * time.Hour}
	}
	return s.lane
}

// RunOnce sends one batch of due messages, returning how many jobs it claimed.
func (s *Sender) RunOnce(ctx context.Context) (int, error) { return s.Lane().RunOnce(ctx) }

// Send sends each claimed message; a message that cannot be read fails for good.
func (s *Sender) Send(ctx context.Context, jobs []outbound.Job) (map[int64]error, error) {
	ids := make([]int64, len(jobs))
	for i, j := range jobs {
		ids[i] = j.ID
	}
	payloads := map[int64]string{}
	if err := s.Store.JobPayloadsEach(ctx, ids, func(id int64, p string) { payloads[id] = p }); err != nil {
		return nil, err
	}
	errs := map[int64]error{}
	var report []error
	for _, j := range jobs {
		m, err := outbound.ParseMessage(payloads[j.ID])
		if err != nil {
			errs[j.ID] = outbound.Permanent(err)
			continue
		}
		if err := s.Mailer.Send(m.Subject, m.Body); err != nil {
			errs[j.ID] = err
			report = append(report, err)
			continue
		}
		if err := s.Store.FinishJobs(ctx, []int64{j.ID}); err != nil {
			return errs, err
		}
	}
	return errs, errors.Join(report...)
}
