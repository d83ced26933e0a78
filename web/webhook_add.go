package web

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/store"
)

// hookEvents are the events a webhook can subscribe to.
var hookEvents = config.WebhookEvents

// webhookForm is the "add a webhook" form as posted.
type webhookForm struct {
	URL, Description string
	Events           []string
	Errors           []string
}

// Has reports whether the form ticks event e.
func (f webhookForm) Has(e string) bool { return slices.Contains(f.Events, e) }

// readWebhookForm reads the add/edit form of a webhook and checks it; the
// messages say what to fix.
func (s *server) readWebhookForm(c echo.Context) webhookForm {
	f := webhookForm{URL: strings.TrimSpace(c.FormValue("url")), Description: strings.TrimSpace(c.FormValue("description"))}
	if form, err := c.FormParams(); err == nil {
		f.Events = form["events"]
	}
	if u, err := url.Parse(f.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		f.Errors = append(f.Errors, "URL: write the full address the events go to, starting with https://.")
	} else if err := config.CheckWebhookURL(f.URL, s.WebhooksAllowPrivate); err != nil {
		f.Errors = append(f.Errors, "URL: "+sentence(err.Error()))
	}
	if len(f.Events) == 0 {
		f.Errors = append(f.Errors, "Events: tick at least one event to send.")
	}
	for _, e := range f.Events {
		if !slices.Contains(hookEvents, e) {
			f.Errors = append(f.Errors, "Events: "+e+" is not an event refsync sends.")
		}
	}
	return f
}

// webhookAdd validates and stores a new subscription, then sends the browser
// to the webhook's page (a reload does not post again) with its secret, once.
func (s *server) webhookAdd(c echo.Context) error {
	ctx := c.Request().Context()
	f := s.readWebhookForm(c)
	v, err := s.newSettingsView(ctx)
	if err != nil {
		return err
	}
	if err := v.forProgram(ctx, s.DB, s.editedProgram(c)); err != nil {
		return err
	}
	r, version, err := currentRules(ctx, s.DB, v.Program)
	if err != nil {
		return err
	}
	v.Form, v.Version, v.Hook = formFromRules(r), version, f
	if len(f.Errors) > 0 {
		return s.render(c, http.StatusUnprocessableEntity, "settings", v)
	}
	w := &store.Webhook{URL: f.URL, Events: f.Events, Description: f.Description, Secret: newSecret()}
	if err := s.DB.CreateWebhook(ctx, w, actor(c)); err != nil {
		return err
	}
	s.setSecretOnce(c, w.Secret)
	return s.redirectWithFlash(c, fmt.Sprintf("/settings/webhooks/%d", w.ID), "Webhook added.")
}

func newSecret() string {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		panic("web: no randomness: " + err.Error())
	}
	return "whsec_" + hex.EncodeToString(b)
}
