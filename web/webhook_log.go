package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/store"
)

// webhookView is the data of one webhook's page: its settings and delivery log.
type webhookView struct {
	Hook       *store.Webhook
	Outbox     []*store.OutboxItem
	Deliveries []store.Delivery
	Form       webhookForm // the edit form
	Events     []string    // the events a webhook can subscribe to
	NewSecret  string      // shown once, right after the webhook was added
}

// webhookLog shows a webhook's settings, queued events and delivery attempts.
func (s *server) webhookLog(c echo.Context) error {
	id, err := webhookID(c)
	if err != nil {
		return err
	}
	v, err := s.loadWebhookView(c, id)
	if err != nil {
		return err
	}
	v.NewSecret = takeSecret(c)
	return s.render(c, http.StatusOK, "webhook", v)
}

// loadWebhookView reads the webhook and its log; the edit form shows it as stored.
func (s *server) loadWebhookView(c echo.Context, id int64) (*webhookView, error) {
	ctx := c.Request().Context()
	v := &webhookView{Events: hookEvents}
	var err error
	if v.Hook, err = s.DB.WebhookByID(ctx, id); err != nil {
		return nil, err
	}
	v.Form = webhookForm{URL: v.Hook.URL, Description: v.Hook.Description, Events: v.Hook.Events}
	if v.Outbox, err = s.DB.ListOutbox(ctx, id, 50); err != nil {
		return nil, err
	}
	if v.Deliveries, err = s.DB.ListDeliveries(ctx, id, 100); err != nil {
		return nil, err
	}
	return v, nil
}
