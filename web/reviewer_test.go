package web

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// storeReviewer stands in for the receiver in handler tests: it applies,
// retries and dismisses through the real store and records each call.
type storeReviewer struct {
	db           *store.DB
	mu           sync.Mutex
	calls        []string
	corrections  []map[string]string
	reconnectErr error
}

func (r *storeReviewer) record(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, s)
}

func (r *storeReviewer) Calls() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.calls...)
}

func (r *storeReviewer) open(ctx context.Context, id int64) (*matching.Entry, error) {
	e, err := r.db.EntryByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if e.Outcome != matching.EntryReview && e.Outcome != matching.EntryFailed {
		return nil, fmt.Errorf("entry %d is already %s", id, e.Outcome)
	}
	return e, nil
}

func (r *storeReviewer) update(ctx context.Context, e *matching.Entry, ev matching.EntryEvent) (*matching.Entry, error) {
	err := r.db.InTx(ctx, func(ctx context.Context) error { return r.db.UpdateEntryRx(ctx, e, ev) })
	return e, err
}

func (r *storeReviewer) ApplyEntry(ctx context.Context, id int64, referralID string, remember bool, actor string) (*matching.Entry, error) {
	r.record(fmt.Sprintf("apply %d %s %v %s", id, referralID, remember, actor))
	e, err := r.open(ctx, id)
	if err != nil {
		return nil, err
	}
	if e.TargetStatus != "" {
		_, _, err := r.db.SetReferralStatus(ctx, store.StatusChange{ReferralID: referralID, To: e.TargetStatus, Actor: actor,
			EntryID: id, Manual: true, Override: true})
		if err != nil && !errors.Is(err, store.ErrTransition) {
			return nil, err
		}
	}
	if remember {
		if err := r.db.LinkRecord(ctx, store.Link{RecordID: e.RecordID, Object: e.Object, ReferralID: referralID, Kind: "manual", Remembered: true}); err != nil {
			return nil, err
		}
	}
	e.Outcome, e.Method, e.ReferralID, e.Reason = matching.EntryProcessed, matching.MethodManual, referralID, ""
	return r.update(ctx, e, matching.EntryEvent{Actor: actor, Action: "apply", Outcome: e.Outcome, Detail: "referral " + referralID})
}

func (r *storeReviewer) RetryEntry(ctx context.Context, id int64, corrections map[string]string, actor string) (*matching.Entry, error) {
	r.record(fmt.Sprintf("retry %d %s", id, actor))
	r.mu.Lock()
	r.corrections = append(r.corrections, corrections)
	r.mu.Unlock()
	e, err := r.open(ctx, id)
	if err != nil {
		return nil, err
	}
	for k, v := range corrections {
		e.Snapshot[k] = v
	}
	e.Attempts++
	return r.update(ctx, e, matching.EntryEvent{Actor: actor, Action: "retry", Outcome: e.Outcome, Reason: e.Reason})
}

func (r *storeReviewer) DismissEntry(ctx context.Context, id int64, note, actor string) (*matching.Entry, error) {
	r.record(fmt.Sprintf("dismiss %d %s %s", id, note, actor))
	e, err := r.open(ctx, id)
	if err != nil {
		return nil, err
	}
	e.Outcome, e.Note = matching.EntryDismissed, note
	return r.update(ctx, e, matching.EntryEvent{Actor: actor, Action: "dismiss", Outcome: e.Outcome, Detail: note})
}

func (r *storeReviewer) Reconnect(ctx context.Context) error {
	r.record("reconnect")
	return r.reconnectErr
}
