package store

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// A received change that moves a referral's status usually also writes its
// mapped fields (the deal's amount): UPDATEs of referrals, one or two per
// entry. In InTx's transaction they wait (pendingUpdate), one per referral,
// until the next statement that names referrals, the batched rows or the
// commit, and are then written many referrals per statement. Mapped fields
// for a referral written meanwhile join its UPDATE; the status guards read a
// referral's status from the database with what waits for it laid over
// (statusOf), so they see what the transaction wrote. What is stored is the same.

// pendingUpdate is one referral's UPDATE, not yet run.
type pendingUpdate struct {
	id   string
	set  []string // "column = ?"
	args []any
}

// updatesPerStatement is how many referrals one batched UPDATE writes at most.
const updatesPerStatement = 100

// plainSet is a SET item a batched UPDATE can take from its VALUES list.
var plainSet = regexp.MustCompile(`^([a-z_]+) = \?$`)

// updateReferral runs `UPDATE referrals SET set WHERE id = referralID` now,
// or — in InTx's transaction — when the next statement needs it.
func (db *DB) updateReferral(ctx context.Context, referralID string, set []string, args []any) error {
	r := rxFrom(ctx)
	if r == nil || !r.batch {
		_, err := db.exec(ctx, `UPDATE referrals SET `+strings.Join(set, ", ")+` WHERE id = ?`, append(args, referralID)...)
		return err
	}
	if joinUpdate(ctx, referralID, set, args) {
		return nil
	}
	if r.updates == nil {
		r.updates = map[string]*pendingUpdate{}
	}
	u := &pendingUpdate{id: referralID, set: slices.Clone(set), args: slices.Clone(args)}
	r.updates[referralID], r.updateOrder = u, append(r.updateOrder, u)
	return nil
}

// joinUpdate adds set to the referral's UPDATE that waits, if there is one;
// ok is false when there is none (write it on its own).
func joinUpdate(ctx context.Context, referralID string, set []string, args []any) (ok bool) {
	r := rxFrom(ctx)
	if r == nil {
		return false
	}
	u := r.updates[referralID]
	if u == nil {
		return false
	}
	for i, s := range set {
		if j := slices.Index(u.set, s); j >= 0 {
			u.args[j] = args[i] // the later value of a column
			continue
		}
		u.set, u.args = append(u.set, s), append(u.args, args[i])
	}
	return true
}

// statusOf reads a referral's status and the time of the event that set it,
// in the context's transaction with its waiting UPDATE laid over, without
// writing what waits (the row read is the referral's own).
func (db *DB) statusOf(ctx context.Context, referralID string) (status, statusAt string, err error) {
	const q = `SELECT status, status_event_at FROM referrals WHERE id = ?`
	r := rxFrom(ctx)
	if r == nil {
		err = db.queryRow(ctx, q, referralID).Scan(&status, &statusAt)
		return status, statusAt, err
	}
	if st, ok := r.statuses[referralID]; ok {
		status, statusAt = st[0], st[1]
	} else {
		s, err := r.stmt(ctx, q)
		if err != nil {
			return "", "", err
		}
		if err := s.QueryRowContext(stmtCtx, referralID).Scan(&status, &statusAt); err != nil {
			return "", "", err
		}
	}
	if u := r.updates[referralID]; u != nil {
		st := overlayStatus(u, [2]string{status, statusAt})
		status, statusAt = st[0], st[1]
	}
	return status, statusAt, nil
}

// overlayStatus is a referral's status and status event time st with what u sets of them.
func overlayStatus(u *pendingUpdate, st [2]string) [2]string {
	for i, col := range u.set {
		switch col {
		case "status = ?":
			st[0], _ = u.args[i].(string)
		case "status_event_at = ?":
			st[1], _ = u.args[i].(string)
		}
	}
	return st
}

// ReadStatusesRx reads ahead, in one query, the status of those of ids that
// are referrals, for the status guards of InTx's transaction to use instead
// of one query each (see statusOf); outside InTx it does nothing. What is read
// is kept current with the transaction's own UPDATEs, and forgotten when
// another statement of the transaction writes referrals.
func (db *DB) ReadStatusesRx(ctx context.Context, ids []string) error {
	r := rxFrom(ctx)
	if r == nil || !r.batch || len(ids) == 0 {
		return nil
	}
	s, err := r.stmt(ctx, `SELECT id, status, status_event_at FROM referrals WHERE id IN (SELECT value FROM json_each(?))`)
	if err != nil {
		return fmt.Errorf("store: read statuses: %w", err)
	}
	rows, err := s.QueryContext(stmtCtx, jsonList(ids)) // no waiting UPDATE is written: statusOf lays them over
	if err != nil {
		return fmt.Errorf("store: read statuses: %w", err)
	}
	defer rows.Close()
	if r.statuses == nil {
		r.statuses = map[string][2]string{}
	}
	for rows.Next() {
		var id string
		var st [2]string
		if err := rows.Scan(&id, &st[0], &st[1]); err != nil {
			return fmt.Errorf("store: read statuses: %w", err)
		}
		r.statuses[id] = st
	}
	return rows.Err()
}

// flushUpdate runs the referrals' UPDATEs that wait, if any: those with the
// same columns together, many per statement.
func (db *DB) flushUpdate(ctx context.Context, r *rx) error {
	if len(r.updateOrder) == 0 {
		return nil
	}
	order := r.updateOrder
	r.updates, r.updateOrder = nil, r.updateOrder[:0]
	for _, u := range order {
		if st, ok := r.statuses[u.id]; ok { // what was read ahead is written now
			r.statuses[u.id] = overlayStatus(u, st)
		}
	}
	groups := map[string][]*pendingUpdate{}
	var shapes []string
	for _, u := range order {
		shape := strings.Join(u.set, ", ")
		if groups[shape] == nil {
			shapes = append(shapes, shape)
		}
		groups[shape] = append(groups[shape], u)
	}
	for _, shape := range shapes {
		us := groups[shape]
		for len(us) > 0 {
			n := min(len(us), updatesPerStatement)
			if err := db.writeUpdates(ctx, r, us[:n]); err != nil {
				return err
			}
			us = us[n:]
		}
	}
	return nil
}

// writeUpdates writes the UPDATEs of us, which set the same columns, in one
// statement (UPDATE … FROM a VALUES list), or one by one when a column's
// value is not a plain parameter.
func (db *DB) writeUpdates(ctx context.Context, r *rx, us []*pendingUpdate) error {
	set := us[0].set
	cols := make([]string, len(set))
	for i, s := range set {
		m := plainSet.FindStringSubmatch(s)
		if m == nil || len(us) == 1 {
			return db.writeUpdatesOneByOne(ctx, r, us)
		}
		cols[i] = fmt.Sprintf("%s = v.column%d", m[1], i+2)
	}
	row := "(?" + strings.Repeat(", ?", len(set)) + ")"
	q := `UPDATE referrals SET ` + strings.Join(cols, ", ") + ` FROM (VALUES ` + row + strings.Repeat(", "+row, len(us)-1) +
		`) AS v WHERE referrals.id = v.column1`
	args := make([]any, 0, len(us)*(len(set)+1))
	for _, u := range us {
		args = append(append(args, u.id), u.args...)
	}
	if err := execStmt(ctx, r, q, args); err != nil {
		return fmt.Errorf("store: update %d referrals: %w", len(us), describeDiskError(err))
	}
	return nil
}

func (db *DB) writeUpdatesOneByOne(ctx context.Context, r *rx, us []*pendingUpdate) error {
	for _, u := range us {
		if err := execStmt(ctx, r, `UPDATE referrals SET `+strings.Join(u.set, ", ")+` WHERE id = ?`, append(u.args, u.id)); err != nil {
			return fmt.Errorf("store: update referral %s: %w", u.id, describeDiskError(err))
		}
	}
	return nil
}

// execStmt runs q on the transaction's prepared statement for it.
func execStmt(ctx context.Context, r *rx, q string, args []any) error {
	var s *sql.Stmt
	s, err := r.stmt(ctx, q)
	if err == nil {
		_, err = s.ExecContext(stmtCtx, args...)
	}
	return err
}
