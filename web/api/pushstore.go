package api

import (
	"context"
	"errors"
	"fmt"

	"github.com/refsync/refsync/connector/outbound"
	"github.com/refsync/refsync/connector/push"
	"github.com/refsync/refsync/store"
)

// PushStore adapts *store.DB to push.Store (connector may not import store, web may):
//
//	w := &push.Worker{Store: api.PushStore(db), SF: client, Rules: …}
func PushStore(db *store.DB) push.Store { return pushStore{db} }

// pushStore is the job queue itself (*store.DB) plus the push's bookkeeping.
type pushStore struct{ *store.DB }

var _ push.Store = pushStore{}

// LoadPushes loads the referrals and members of claimed sf_push jobs. A job
// whose referral is gone is finished as failed.
func (s pushStore) LoadPushes(ctx context.Context, jobs []outbound.Job) ([]push.Item, error) {
	members := map[string]*push.Member{}
	var items []push.Item
	var gone []store.PushOutcome
	for _, j := range jobs {
		r, err := s.DB.ReferralByID(ctx, j.Ref)
		if errors.Is(err, store.ErrNotFound) {
			gone = append(gone, store.PushOutcome{JobID: j.ID, ReferralID: j.Ref, State: store.SFFailed, Error: "the referral no longer exists"})
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("api: load referral %s for its push: %w", j.Ref, err)
		}
		it := push.Item{JobID: j.ID, Attempts: j.Attempts, Referral: r.MatchRecord(), Custom: r.Custom, SFState: r.SFState}
		if r.MemberID != "" {
			if it.Member, err = s.member(ctx, members, r.MemberID); err != nil {
				return nil, err
			}
		}
		items = append(items, it)
	}
	if len(gone) > 0 {
		if err := s.DB.FinishPushes(ctx, gone); err != nil {
			return nil, err
		}
	}
	return items, nil
}

func (s pushStore) member(ctx context.Context, cache map[string]*push.Member, id string) (*push.Member, error) {
	if m, ok := cache[id]; ok {
		return m, nil
	}
	m, err := s.DB.MemberByID(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("api: load member %s for a push: %w", id, err)
	}
	pm := &push.Member{ID: m.ID, Code: m.ReferralCode, FirstName: m.FirstName, LastName: m.LastName, Email: m.Email,
		Phone: m.Phone, ExternalID: m.ExternalID}
	cache[id] = pm
	return pm, nil
}

// MarkSending records that create calls are about to be made.
func (s pushStore) MarkSending(ctx context.Context, ids []string) error {
	return s.DB.MarkPushSending(ctx, ids)
}

// FinishPushes records outcomes and ends their jobs.
func (s pushStore) FinishPushes(ctx context.Context, outs []push.Outcome) error {
	rows := make([]store.PushOutcome, len(outs))
	for i, o := range outs {
		rows[i] = store.PushOutcome{JobID: o.JobID, ReferralID: o.ReferralID, State: o.State, Error: o.Error, Object: o.Object,
			RecordID: o.RecordID, LinkKind: o.LinkKind, Note: o.Note, Actor: "push"}
	}
	return s.DB.FinishPushes(ctx, rows)
}
