package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/store"
)

// webhookView is the data of one webhook's delivery log.
type webhookView struct {
	Hook       *store.Webhook
	Outbox     []*store.OutboxItem
	Deliveries []store.Delivery
}

// webhookLog shows a webhook's queued events and its delivery attempts.
func (s *server) webhookLog(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return &userError{Code: http.StatusNotFound, Msg: fmt.Sprintf("%q is not a webhook number.", c.Param("id"))}
	}
	v := webhookView{}
	if v.Hook, err = s.DB.WebhookByID(ctx, id); err != nil {
		return err
	}
	if v.Outbox, err = s.DB.ListOutbox(ctx, id, 50); err != nil {
		return err
	}
	if v.Deliveries, err = s.DB.ListDeliveries(ctx, id, 100); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "webhook", v)
}
