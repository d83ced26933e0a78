package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// A received change that moves a referral's status usually also writes its
// mapped fields (the deal's amount): two UPDATEs of the same row, one after
// the other. In InTx's transaction the status UPDATE waits (pendingUpdate)
// until the next statement that names referrals, the batched rows or the
// commit; mapped fields for the same referral written meanwhile join it, so
// the row is written once. What is stored is the same.

// pendingUpdate is one referral's UPDATE, not yet run.
type pendingUpdate struct {
	id   string
	set  []string // "column = ?"
	args []any
}

// updateReferral runs `UPDATE referrals SET set WHERE id = referralID` now,
// or — in InTx's transaction — when the next statement needs it.
func (db *DB) updateReferral(ctx context.Context, referralID string, set []string, args []any) error {
	r := rxFrom(ctx)
	if r == nil || !r.batch {
		_, err := db.exec(ctx, `UPDATE referrals SET `+strings.Join(set, ", ")+` WHERE id = ?`, append(args, referralID)...)
		return err
	}
	if err := db.flushUpdate(ctx, r); err != nil {
		return err
	}
	r.update = &pendingUpdate{id: referralID, set: set, args: args}
	return nil
}

// joinUpdate adds set to the referral's UPDATE that waits, if there is one;
// ok is false when there is none (write it on its own).
func joinUpdate(ctx context.Context, referralID string, set []string, args []any) (ok bool) {
	r := rxFrom(ctx)
	if r == nil || r.update == nil || r.update.id != referralID {
		return false
	}
	u := r.update
	for i, s := range set {
		if j := slices.Index(u.set, s); j >= 0 {
			u.args[j] = args[i] // the later value of a column (updated_at)
			continue
		}
		u.set, u.args = append(u.set, s), append(u.args, args[i])
	}
	return true
}

// flushUpdate runs the referral's UPDATE that waits, if any.
func (db *DB) flushUpdate(ctx context.Context, r *rx) error {
	u := r.update
	if u == nil {
		return nil
	}
	r.update = nil
	s, err := r.stmt(ctx, `UPDATE referrals SET `+strings.Join(u.set, ", ")+` WHERE id = ?`)
	if err == nil {
		_, err = s.ExecContext(stmtCtx, append(u.args, u.id)...)
	}
	if err != nil {
		return fmt.Errorf("store: update referral %s: %w", u.id, describeDiskError(err))
	}
	return nil
}
