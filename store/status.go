package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Reason codes a refused status change carries (also used on review entries).
const (
	ReasonStatusFinal    = "status_final"    // approved is final
	ReasonDeniedOverride = "denied_override" // denied → qualified/approved needs the admin's override toggle
	ReasonStaleEvent     = "stale_event"     // the event fired before the one behind the current status
	ReasonBackwards      = "status_backwards"
)

// TransitionError is a refused status change; errors.Is(err, ErrTransition) holds.
type TransitionError struct {
	From, To string
	Code     string // one of the Reason… constants
}

func (e *TransitionError) Error() string {
	switch e.Code {
	case ReasonStatusFinal:
		return fmt.Sprintf("the referral is already approved, which is final; it cannot become %s", e.To)
	case ReasonDeniedOverride:
		return fmt.Sprintf("the referral was denied; making it %s needs the “allow override of denied” setting or a reviewer", e.To)
	case ReasonStaleEvent:
		return fmt.Sprintf("the event asking for %s fired before the one that set %s; it is not applied", e.To, e.From)
	default:
		return fmt.Sprintf("an event cannot move a referral back from %s to %s", e.From, e.To)
	}
}

// Is makes errors.Is(err, ErrTransition) true.
func (e *TransitionError) Is(target error) bool { return target == ErrTransition }

var rank = map[string]int{StatusPending: 0, StatusQualified: 1, StatusApproved: 2}

// CheckTransition applies the status guards of SPEC "Status". override is the
// admin's "allow override of denied" toggle (or a reviewer's explicit decision);
// manual says a person, not a CRM event, asks for the change.
func CheckTransition(from, to string, override, manual bool) error {
	switch {
	case !ValidStatus(to):
		return fmt.Errorf("%w: status %q is not one of pending, qualified, approved, denied", ErrInvalid, to)
	case from == StatusApproved:
		return &TransitionError{From: from, To: to, Code: ReasonStatusFinal}
	case from == StatusDenied && to == StatusPending, to == StatusDenied:
		return nil
	case from == StatusDenied:
		if override {
			return nil
		}
		return &TransitionError{From: from, To: to, Code: ReasonDeniedOverride}
	case rank[to] < rank[from] && !manual:
		return &TransitionError{From: from, To: to, Code: ReasonBackwards}
	}
	return nil
}

// StatusChange asks for a referral's status to change.
type StatusChange struct {
	ReferralID string
	To         string
	Actor      string // user:ann@example.com, api:zapier, sync, import
	EntryID    int64  // the sales entry behind it, 0 if none
	Note       string
	Override   bool   // allow denied → qualified/approved
	Manual     bool   // a person asks (may move backwards, except from approved)
	EventAt    string // when the CRM event fired (SystemModstamp); "" for manual changes
}

// SetReferralStatus applies c if the guards allow it and writes the history row
// in the same transaction. It returns the referral after the change, changed=false
// when it already had that status, and a *TransitionError when refused.
func (db *DB) SetReferralStatus(ctx context.Context, c StatusChange) (r *Referral, changed bool, err error) {
	err = db.Tx(ctx, func(tx *sql.Tx) error {
		r, changed, err = db.SetReferralStatusTx(ctx, tx, c)
		return err
	})
	return r, changed, err
}

// SetReferralStatusTx is SetReferralStatus inside the caller's transaction.
func (db *DB) SetReferralStatusTx(ctx context.Context, tx *sql.Tx, c StatusChange) (*Referral, bool, error) {
	r := &rx{tx: tx, stmts: map[string]*sql.Stmt{}}
	defer func() {
		for _, s := range r.stmts {
			s.Close()
		}
	}()
	_, changed, err := db.changeStatus(context.WithValue(ctx, rxKey{}, r), c)
	if err != nil && !errors.Is(err, ErrTransition) {
		return nil, false, err
	}
	ref, rerr := db.referralWhere(ctx, tx, "r.id = ?", c.ReferralID)
	if rerr != nil {
		return nil, false, rerr
	}
	return ref, changed, err
}

// changeStatus is the one write path of a status change, used by reviewers,
// the API and the receiver alike: the guards, the update and the history row,
// in the transaction ctx carries (see InTx). It returns the status before, and
// a *TransitionError when the guards refuse.
func (db *DB) changeStatus(ctx context.Context, c StatusChange) (from string, changed bool, err error) {
	var statusAt string
	from, statusAt, err = db.statusOf(ctx, c.ReferralID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, fmt.Errorf("store: referral %s: %w", c.ReferralID, ErrNotFound)
	}
	if err != nil {
		return "", false, fmt.Errorf("store: status of %s: %w", c.ReferralID, err)
	}
	if from == c.To {
		return from, false, nil
	}
	if c.EventAt != "" && statusAt != "" && c.EventAt < statusAt {
		return from, false, &TransitionError{From: from, To: c.To, Code: ReasonStaleEvent}
	}
	if err := CheckTransition(from, c.To, c.Override, c.Manual); err != nil {
		return from, false, err
	}
	eventAt := c.EventAt
	if eventAt == "" {
		eventAt = statusAt
	}
	now := db.Now()
	if err := db.updateReferral(ctx, c.ReferralID, []string{"status = ?", "status_event_at = ?", "updated_at = ?"},
		[]any{c.To, eventAt, now}); err != nil {
		return from, false, fmt.Errorf("store: set status of %s: %w", c.ReferralID, describeDiskError(err))
	}
	var entry any
	if c.EntryID != 0 {
		entry = c.EntryID
	}
	if err := db.addRow(ctx, statusHistoryRows, c.ReferralID, from, c.To, c.Actor, entry, c.Note, now); err != nil {
		return from, false, fmt.Errorf("store: status history of %s: %w", c.ReferralID, err)
	}
	return from, true, nil
}

// StatusHistoryRow is one recorded status change.
type StatusHistoryRow struct {
	From      string `json:"from"`
	To        string `json:"to"`
	Actor     string `json:"actor"`
	EntryID   int64  `json:"entry_id,omitempty"`
	Note      string `json:"note,omitempty"`
	CreatedAt string `json:"at"`
}

// StatusHistory returns a referral's status changes, oldest first.
func (db *DB) StatusHistory(ctx context.Context, referralID string) ([]StatusHistoryRow, error) {
	rows, err := db.R.QueryContext(ctx, `SELECT from_status, to_status, actor, coalesce(entry_id, 0), note, created_at
		FROM referral_status_history WHERE referral_id = ? ORDER BY id`, referralID)
	if err != nil {
		return nil, fmt.Errorf("store: status history: %w", err)
	}
	defer rows.Close()
	var out []StatusHistoryRow
	for rows.Next() {
		var h StatusHistoryRow
		if err := rows.Scan(&h.From, &h.To, &h.Actor, &h.EntryID, &h.Note, &h.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}
