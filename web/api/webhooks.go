package api

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strings"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/store"
)

// Webhook is an outbound subscription as the API shows it. Secret is only
// answered by POST /webhooks (and PATCH when it sets a new one).
type Webhook struct {
	*store.Webhook
	Secret string `json:"secret,omitempty"`
}

// WebhookInput is the body of POST /webhooks; PATCH takes the same fields, each optional.
// An empty secret on create makes the server generate one.
type WebhookInput struct {
	URL         *string   `json:"url"`
	Events      *[]string `json:"events"`
	Secret      *string   `json:"secret"`
	Description *string   `json:"description"`
	Active      *bool     `json:"active"`
}

func (in *WebhookInput) validate(create, allowPrivate bool) error {
	var c checker
	if in.URL != nil || create {
		u := ""
		if in.URL != nil {
			u = *in.URL
		}
		c.webURL("url", u)
		if c.err == nil {
			if err := config.CheckWebhookURL(u, allowPrivate); err != nil {
				c.fail("url", "%s", err.Error())
			}
		}
	}
	if in.Events != nil || create {
		if in.Events == nil || len(*in.Events) == 0 {
			c.fail("events", "events must list at least one of %s", strings.Join(config.WebhookEvents, ", "))
		} else {
			for i, e := range *in.Events {
				if !config.ValidWebhookEvent(e) {
					c.fail("events", "event %d %q is not one of %s", i, e, strings.Join(config.WebhookEvents, ", "))
				}
			}
		}
	}
	if in.Secret != nil && *in.Secret != "" && (len(*in.Secret) < 16 || len(*in.Secret) > 200) {
		c.fail("secret", "secret must be 16 to 200 characters (or leave it out to get a generated one)")
	}
	if in.Description != nil {
		c.text("description", *in.Description)
	}
	if c.err != nil {
		return c.err
	}
	return nil
}

func newSecret() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return "whsec_" + hex.EncodeToString(b)
}

func (s *server) listWebhooks(w http.ResponseWriter, r *http.Request, _ *caller) error {
	rows, err := s.DB.ListWebhooks(r.Context())
	if err != nil {
		return err
	}
	out := list[Webhook]{Items: []Webhook{}}
	for _, h := range rows {
		out.Items = append(out.Items, Webhook{Webhook: h})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *server) webhookByPath(r *http.Request) (*store.Webhook, error) {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return s.DB.WebhookByID(r.Context(), id)
}

func (s *server) getWebhook(w http.ResponseWriter, r *http.Request, _ *caller) error {
	h, err := s.webhookByPath(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, Webhook{Webhook: h})
	return nil
}

func (s *server) createWebhook(w http.ResponseWriter, r *http.Request, c *caller) error {
	var in WebhookInput
	if err := decode(w, r, s.MaxBody, &in); err != nil {
		return err
	}
	if err := in.validate(true, s.WebhooksAllowPrivate); err != nil {
		return err
	}
	h := &store.Webhook{URL: *in.URL, Events: *in.Events}
	if in.Secret != nil {
		h.Secret = *in.Secret
	}
	if h.Secret == "" {
		h.Secret = newSecret()
	}
	if in.Description != nil {
		h.Description = *in.Description
	}
	if err := s.DB.CreateWebhook(r.Context(), h, c.Actor()); err != nil {
		return err
	}
	if in.Active != nil && !*in.Active {
		h.Active = false
		if err := s.DB.UpdateWebhook(r.Context(), h, c.Actor()); err != nil {
			return err
		}
	}
	writeJSON(w, http.StatusCreated, Webhook{Webhook: h, Secret: h.Secret})
	return nil
}

func (s *server) patchWebhook(w http.ResponseWriter, r *http.Request, c *caller) error {
	h, err := s.webhookByPath(r)
	if err != nil {
		return err
	}
	var in WebhookInput
	if err := decode(w, r, s.MaxBody, &in); err != nil {
		return err
	}
	if err := in.validate(false, s.WebhooksAllowPrivate); err != nil {
		return err
	}
	out := Webhook{Webhook: h}
	if in.URL != nil {
		h.URL = *in.URL
	}
	if in.Events != nil {
		h.Events = *in.Events
	}
	if in.Secret != nil {
		h.Secret = *in.Secret
		if h.Secret == "" {
			h.Secret = newSecret()
		}
		out.Secret = h.Secret
	}
	if in.Description != nil {
		h.Description = *in.Description
	}
	if in.Active != nil {
		h.Active = *in.Active
	}
	if err := s.DB.UpdateWebhook(r.Context(), h, c.Actor()); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// deleteWebhook switches the subscription off; its delivery log is kept.
func (s *server) deleteWebhook(w http.ResponseWriter, r *http.Request, c *caller) error {
	h, err := s.webhookByPath(r)
	if err != nil {
		return err
	}
	h.Active = false
	if err := s.DB.UpdateWebhook(r.Context(), h, c.Actor()); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *server) webhookDeliveries(w http.ResponseWriter, r *http.Request, _ *caller) error {
	h, err := s.webhookByPath(r)
	if err != nil {
		return err
	}
	limit, err := limitParam(r.URL.Query())
	if err != nil {
		return err
	}
	rows, err := s.DB.ListDeliveries(r.Context(), h.ID, limit)
	if err != nil {
		return err
	}
	if rows == nil {
		rows = []store.Delivery{}
	}
	writeJSON(w, http.StatusOK, list[store.Delivery]{Items: rows})
	return nil
}
