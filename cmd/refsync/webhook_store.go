package main

import (
	"context"
	"errors"
	"time"

	"github.com/refsync/refsync/connector/webhook"
	"github.com/refsync/refsync/store"
)

// hookStore adapts *store.DB to webhook.Store (connector may not import store).
type hookStore struct{ *store.DB }

var _ webhook.Store = hookStore{}

// QueueStatusEvents writes outbox rows for status history rows not yet seen.
func (s hookStore) QueueStatusEvents(ctx context.Context, limit int, build func(webhook.StatusEvent) (string, []byte, error)) (int, error) {
	return s.DB.QueueStatusEvents(ctx, limit, func(e store.StatusEvent) (string, []byte, error) { return build(webhook.StatusEvent(e)) })
}

// EventReferral is the referral with its Salesforce links.
func (s hookStore) EventReferral(ctx context.Context, id string) (*webhook.ReferralData, error) {
	r, err := s.DB.ReferralByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, webhook.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	links, err := s.DB.LinksOfReferral(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	out := &webhook.ReferralData{ID: r.ID, ExternalID: r.ExternalID, FirstName: r.FirstName, LastName: r.LastName, Email: r.Email,
		Company: r.Company, MemberCode: r.MemberCode, Status: r.Status, Amount: r.Amount, Currency: r.Currency, Salesforce: make([]webhook.Link, len(links))}
	for i, l := range links {
		out.Salesforce[i] = webhook.Link(l)
	}
	return out, nil
}

// QueueReviewDigest queues one entry.review digest when one is due.
func (s hookStore) QueueReviewDigest(ctx context.Context, every time.Duration, newest int, programs []int64, build func(int, []webhook.ReviewItem) ([]byte, error)) (int, error) {
	return s.DB.QueueReviewDigest(ctx, every, newest, programs, func(n int, items []store.ReviewItem) ([]byte, error) {
		return build(n, reviewItems(items))
	})
}

// PendingReviewDigest is the digest due on the stream, or nil.
func (s hookStore) PendingReviewDigest(ctx context.Context, stream string, every time.Duration, n int, programs []int64) (*webhook.ReviewDigest, error) {
	d, err := s.DB.PendingReviewDigest(ctx, stream, every, n, programs)
	if d == nil || err != nil {
		return nil, err
	}
	return &webhook.ReviewDigest{Count: d.Count, Items: reviewItems(d.Items), UpTo: d.UpTo}, nil
}

func reviewItems(items []store.ReviewItem) []webhook.ReviewItem {
	if items == nil {
		return nil
	}
	out := make([]webhook.ReviewItem, len(items))
	for i, it := range items {
		out[i] = webhook.ReviewItem(it)
	}
	return out
}

// OutboxByID is one outbox row.
func (s hookStore) OutboxByID(ctx context.Context, id int64) (*webhook.OutboxItem, error) {
	o, err := s.DB.OutboxByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, webhook.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return &webhook.OutboxItem{ID: o.ID, WebhookID: o.WebhookID, Event: o.Event, Payload: o.Payload, State: o.State,
		Attempts: o.Attempts, CreatedAt: o.CreatedAt}, nil
}

// WebhookByID is one webhook.
func (s hookStore) WebhookByID(ctx context.Context, id int64) (*webhook.Webhook, error) {
	w, err := s.DB.WebhookByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, webhook.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return &webhook.Webhook{ID: w.ID, URL: w.URL, Secret: w.Secret, SecretErr: w.SecretErr, Active: w.Active}, nil
}

// Trouble is the connection's state and the watched objects' last runs.
func (s hookStore) Trouble(ctx context.Context) (webhook.Connection, []webhook.ObjectState, error) {
	c, err := s.DB.ConnectionState(ctx)
	if err != nil {
		return webhook.Connection{}, nil, err
	}
	states, err := s.DB.SyncStates(ctx)
	if err != nil {
		return webhook.Connection{}, nil, err
	}
	out := make([]webhook.ObjectState, len(states))
	for i, st := range states {
		out[i] = webhook.ObjectState{Object: st.Object, LastError: st.LastError, Advice: st.Advice}
	}
	return webhook.Connection{State: c.State, LastError: c.LastError, APIUsed: c.APIUsed, APIMax: c.APIMax}, out, nil
}

// RuleProblems names the status change rules that can no longer fire.
func (s hookStore) RuleProblems(ctx context.Context) ([]string, error) { return s.DB.RuleProblems(ctx) }
