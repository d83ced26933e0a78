package main

import (
	"context"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/mail"
	"github.com/refsync/refsync/store"
	"github.com/refsync/refsync/web"
)

// mailNotifier gives the web UI the mail setup of the environment and sends
// its test email through the digest's mailer (the password stays here).
type mailNotifier struct{ n config.Notify }

var _ web.Notifier = mailNotifier{}

// MailSetup describes the environment's mail settings, without the password.
func (m mailNotifier) MailSetup() web.MailSetup {
	return web.MailSetup{Server: m.n.SMTPAddr, From: m.n.SMTPFrom, To: m.n.SMTPTo, Every: m.n.Every}
}

// SendTest sends one message to the given recipients through the configured server.
func (m mailNotifier) SendTest(_ context.Context, to []string, subject, body string) error {
	sender := mail.Mailer{Addr: m.n.SMTPAddr, From: m.n.SMTPFrom, To: to, Username: m.n.SMTPUsername, Password: m.n.SMTPPassword}
	return sender.Send(subject, body)
}

// savedNotify lays the recipients and interval an admin saved in the UI over the environment's.
func savedNotify(ctx context.Context, db *store.DB, n config.Notify) config.Notify {
	if s, err := db.NotifySettings(ctx); err == nil && s != nil {
		n.SMTPTo, n.Every = s.Recipients, s.Every
	}
	return n
}
