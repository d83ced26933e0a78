// Package mail sends refsync's notification email by SMTP: the "mail" kind
// of the outbound runner, whose jobs carry the message (outbound.Message).
package mail

import (
	"fmt"
	"net"
	"net/smtp"
	"strings"
	"time"
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
