package webhook

// The tests drive the dispatcher on a real database; cmd/refsync wires the
// same adapter (hookStore) in production.

import (
	"context"
	"errors"
	"time"

	"github.com/refsync/refsync/store"
)

// dbStore adapts *store.DB to Store (connector may not import store).
type dbStore struct{ *store.DB }

var _ Store = dbStore{}

// QueueStatusEvents writes outbox rows for status history rows not yet seen.
func (s dbStore) QueueStatusEvents(ctx context.Context, limit int, build func(StatusEvent) (string, []byte, error)) (int, error) {
	return s.DB.QueueStatusEvents(ctx, limit, func(e store.StatusEvent) (string, []byte, error) { return build(StatusEvent(e)) })
}

// EventReferral is the referral with its Salesforce links.
func (s dbStore) EventReferral(ctx context.Context, id string) (*ReferralData, error) {
	r, err := s.DB.ReferralByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	links, err := s.DB.LinksOfReferral(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	out := &ReferralData{ID: r.ID, ExternalID: r.ExternalID, FirstName: r.FirstName, LastName: r.LastName, Email: r.Email,
		Company: r.Company, MemberCode: r.MemberCode, Status: r.Status, Amount: r.Amount, Currency: r.Currency, Salesforce: make([]Link, len(links))}
	for i, l := range links {
		out.Salesforce[i] = Link(l)
	}
	return out, nil
}

// QueueReviewDigest queues one entry.review digest when one is due.
func (s dbStore) QueueReviewDigest(ctx context.Context, every time.Duration, newest int, programs []int64, build func(int, []ReviewItem) ([]byte, error)) (int, error) {
	return s.DB.QueueReviewDigest(ctx, every, newest, programs, func(n int, items []store.ReviewItem) ([]byte, error) {
		return build(n, reviewItems(items))
	})
}

// PendingReviewDigest is the digest due on the stream, or nil.
func (s dbStore) PendingReviewDigest(ctx context.Context, stream string, every time.Duration, n int, programs []int64) (*ReviewDigest, error) {
	d, err := s.DB.PendingReviewDigest(ctx, stream, every, n, programs)
	if d == nil || err != nil {
		return nil, err
	}
	return &ReviewDigest{Count: d.Count, Items: reviewItems(d.Items), UpTo: d.UpTo}, nil
}

func reviewItems(items []store.ReviewItem) []ReviewItem {
	if items == nil {
		return nil
	}
	out := make([]ReviewItem, len(items))
	for i, it := range items {
		out[i] = ReviewItem(it)
	}
	return out
}

// OutboxByID is one outbox row.
func (s dbStore) OutboxByID(ctx context.Context, id int64) (*OutboxItem, error) {
	o, err := s.DB.OutboxByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return &OutboxItem{ID: o.ID, WebhookID: o.WebhookID, Event: o.Event, Payload: o.Payload, State: o.State,
		Attempts: o.Attempts, CreatedAt: o.CreatedAt}, nil
}

// WebhookByID is one
func (s dbStore) WebhookByID(ctx context.Context, id int64) (*Webhook, error) {
	w, err := s.DB.WebhookByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return &Webhook{ID: w.ID, URL: w.URL, Secret: w.Secret, SecretErr: w.SecretErr, Active: w.Active}, nil
}

// Trouble is the connection's state and the watched objects' last runs.
func (s dbStore) Trouble(ctx context.Context) (Connection, []ObjectState, error) {
	c, err := s.DB.ConnectionState(ctx)
	if err != nil {
		return Connection{}, nil, err
	}
	states, err := s.DB.SyncStates(ctx)
	if err != nil {
		return Connection{}, nil, err
	}
	out := make([]ObjectState, len(states))
	for i, st := range states {
		out[i] = ObjectState{Object: st.Object, LastError: st.LastError, Advice: st.Advice}
	}
	return Connection{State: c.State, LastError: c.LastError, APIUsed: c.APIUsed, APIMax: c.APIMax}, out, nil
}

// RuleProblems names the status change rules that can no longer fire.
func (s dbStore) RuleProblems(ctx context.Context) ([]string, error) { return s.DB.RuleProblems(ctx) }
