package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/store"
)

// MailSetup is how email is configured in the environment: the server and
// sender (never the password) and the default recipients and interval.
type MailSetup struct {
	Server string // host:port; "" when no SMTP server is set
	From   string
	To     []string
	Every  time.Duration
}

// Notifier sends the test email of Settings → Notifications; cmd wires it to
// the code that sends the review digest (web itself speaks no SMTP).
type Notifier interface {
	MailSetup() MailSetup
	SendTest(ctx context.Context, to []string, subject, body string) error
}

// notifyView is the data of the notifications page.
type notifyView struct {
	Setup      MailSetup
	Recipients string
	Every      string
	Saved      bool   // the UI's settings override the environment's
	NextAt     string // when the next digest may go out ("" : with the next entry that goes to review)
	Error      string
}

// notifyPage shows the digest's recipients, interval and next run, and the mail server.
func (s *server) notifyPage(c echo.Context) error {
	v, err := s.notifyState(c.Request().Context())
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "notify", v)
}

// notifyState reads the settings in force: the saved ones, else the environment's.
func (s *server) notifyState(ctx context.Context) (notifyView, error) {
	var v notifyView
	if s.Notifier != nil {
		v.Setup = s.Notifier.MailSetup()
	}
	to, every := v.Setup.To, v.Setup.Every
	saved, err := s.DB.NotifySettings(ctx)
	if err != nil {
		return v, err
	}
	if saved != nil {
		to, every, v.Saved = saved.Recipients, saved.Every, true
	}
	if every == 0 {
		every = 15 * time.Minute
	}
	v.Recipients, v.Every = strings.Join(to, ", "), every.String()
	sent, err := s.DB.DigestSentAt(ctx, store.CursorReviewMail)
	if err != nil {
		return v, err
	}
	if t, perr := time.Parse(store.TimeFormat, sent); perr == nil {
		v.NextAt = t.Add(every).Format(store.TimeFormat)
	}
	return v, nil
}

// notifySave stores the recipients and interval.
func (s *server) notifySave(c echo.Context) error {
	ctx := c.Request().Context()
	to := store.SplitRecipients(c.FormValue("recipients"))
	every, perr := time.ParseDuration(strings.TrimSpace(c.FormValue("every")))
	if perr != nil {
		every = 0 // SaveNotifySettings names the allowed range
	}
	err := s.DB.SaveNotifySettings(ctx, to, every, actor(c))
	if errors.Is(err, store.ErrInvalid) {
		v, serr := s.notifyState(ctx)
		if serr != nil {
			return serr
		}
		v.Recipients, v.Every = c.FormValue("recipients"), c.FormValue("every")
		v.Error = notifyProblem(err) + " Write the interval like 15m, 1h or 1h30m."
		return s.render(c, http.StatusBadRequest, "notify", v)
	}
	if err != nil {
		return err
	}
	return s.redirectWithFlash(c, "/settings/notify", "Notification settings saved; refsync uses them from its next start.")
}

// notifyProblem is the sentence of an ErrInvalid from SaveNotifySettings.
func notifyProblem(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, "invalid: "); i >= 0 {
		msg = msg[i+len("invalid: "):]
	}
	return strings.ToUpper(msg[:1]) + msg[1:] + "."
}

// notifyTest sends one test email to the recipients in force, audited.
func (s *server) notifyTest(c echo.Context) error {
	ctx := c.Request().Context()
	v, err := s.notifyState(ctx)
	if err != nil {
		return err
	}
	if s.Notifier == nil || v.Setup.Server == "" {
		return s.redirectWithFlash(c, "/settings/notify", "No mail server is set: start refsync with REFSYNC_SMTP_ADDR, REFSYNC_SMTP_FROM (and REFSYNC_SMTP_PASSWORD when it needs one), then send the test again.")
	}
	to := store.SplitRecipients(v.Recipients)
	if len(to) == 0 {
		return s.redirectWithFlash(c, "/settings/notify", "Add at least one recipient and save before sending a test.")
	}
	body := fmt.Sprintf("This is a test from refsync, sent by %s from Settings → Notifications.\nReview digests will reach these recipients: %s.\n", currentUser(c).Email, v.Recipients)
	sendErr := s.Notifier.SendTest(ctx, to, "refsync: test email", body)
	detail := "sent to " + v.Recipients
	if sendErr != nil {
		detail = "failed: " + sendErr.Error()
	}
	if err := s.DB.Audit(ctx, actor(c), "notify.test", "notifications", detail); err != nil {
		return err
	}
	if sendErr != nil {
		return s.redirectWithFlash(c, "/settings/notify", fmt.Sprintf("The test email did not go out: %v. Check the mail server settings in the environment and try again.", sendErr))
	}
	return s.redirectWithFlash(c, "/settings/notify", "Test email sent to "+v.Recipients+".")
}
