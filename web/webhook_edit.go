package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
)

const secretCookie = "refsync_new_secret"

// setSecretOnce keeps a new webhook's secret for the next page only (60 s, HttpOnly, this site only).
func (s *server) setSecretOnce(c echo.Context, secret string) {
	c.SetCookie(&http.Cookie{Name: secretCookie, Value: url.QueryEscape(secret), Path: "/settings/webhooks", HttpOnly: true,
		Secure: s.SecureCookie, SameSite: http.SameSiteStrictMode, MaxAge: 60})
}

// takeSecret reads and clears the secret set by setSecretOnce.
func takeSecret(c echo.Context) string {
	ck, err := c.Cookie(secretCookie)
	if err != nil || ck.Value == "" {
		return ""
	}
	c.SetCookie(&http.Cookie{Name: secretCookie, Value: "", Path: "/settings/webhooks", MaxAge: -1})
	v, _ := url.QueryUnescape(ck.Value)
	return v
}

func webhookID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return 0, &userError{Code: http.StatusNotFound, Msg: fmt.Sprintf("%q is not a webhook number.", c.Param("id"))}
	}
	return id, nil
}

// webhookUpdate saves the edited URL, events, description and on/off switch.
func (s *server) webhookUpdate(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := webhookID(c)
	if err != nil {
		return err
	}
	w, err := s.DB.WebhookByID(ctx, id)
	if err != nil {
		return err
	}
	f := s.readWebhookForm(c)
	if len(f.Errors) > 0 {
		v, err := s.loadWebhookView(c, id)
		if err != nil {
			return err
		}
		v.Form = f
		return s.render(c, http.StatusUnprocessableEntity, "webhook", v)
	}
	w.URL, w.Events, w.Description, w.Active = f.URL, f.Events, f.Description, c.FormValue("active") == "on"
	if err := s.DB.UpdateWebhook(ctx, w, actor(c)); err != nil {
		return err
	}
	state := "on"
	if !w.Active {
		state = "off: nothing is sent to it until you switch it on again"
	}
	return s.redirectWithFlash(c, fmt.Sprintf("/settings/webhooks/%d", id), "Webhook saved; it is "+state+".")
}

// webhookToggle switches a webhook on or off.
func (s *server) webhookToggle(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := webhookID(c)
	if err != nil {
		return err
	}
	w, err := s.DB.WebhookByID(ctx, id)
	if err != nil {
		return err
	}
	w.Active = c.FormValue("active") == "1"
	if err := s.DB.UpdateWebhook(ctx, w, actor(c)); err != nil {
		return err
	}
	msg := "Webhook switched on; waiting events go out with the next run."
	if !w.Active {
		msg = "Webhook switched off; nothing is sent to it until you switch it on again."
	}
	return s.redirectWithFlash(c, fmt.Sprintf("/settings/webhooks/%d", id), msg)
}

// webhookDelete removes a webhook with its queued events and log.
func (s *server) webhookDelete(c echo.Context) error {
	id, err := webhookID(c)
	if err != nil {
		return err
	}
	if err := s.DB.DeleteWebhook(c.Request().Context(), id, actor(c)); err != nil {
		return err
	}
	return s.redirectWithFlash(c, "/settings#h-hooks", fmt.Sprintf("Webhook %d deleted with its queued events and delivery log.", id))
}

// webhookTest queues a test event for this webhook only.
func (s *server) webhookTest(c echo.Context) error {
	id, err := webhookID(c)
	if err != nil {
		return err
	}
	if _, err := s.DB.WebhookByID(c.Request().Context(), id); err != nil {
		return err
	}
	body, _ := json.Marshal(map[string]any{"event": "webhook.test", "sent_at": time.Now().UTC().Format(time.RFC3339),
		"message": "A test event from refsync: this webhook is reachable."})
	oid, err := s.DB.EnqueueForWebhook(c.Request().Context(), id, "webhook.test", body, actor(c))
	if err != nil {
		return err
	}
	return s.redirectWithFlash(c, fmt.Sprintf("/settings/webhooks/%d", id),
		fmt.Sprintf("Test event #%d queued; it is sent within a few seconds. Reload this page to see the answer.", oid))
}

// webhookResend queues an event of this webhook again.
func (s *server) webhookResend(c echo.Context) error {
	id, err := webhookID(c)
	if err != nil {
		return err
	}
	oid, err := strconv.ParseInt(c.FormValue("outbox"), 10, 64)
	if err != nil {
		return &userError{Code: http.StatusBadRequest, Msg: "Choose the event to send again from the list."}
	}
	nid, err := s.DB.ResendOutbox(c.Request().Context(), id, oid, actor(c))
	if err != nil {
		return err
	}
	return s.redirectWithFlash(c, fmt.Sprintf("/settings/webhooks/%d", id),
		fmt.Sprintf("Event #%d queued again as #%d; it is sent within a few seconds.", oid, nid))
}
