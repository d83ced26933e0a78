package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// JobSFStatus is the kind of job that writes a referral's status back to its
// linked Salesforce records (the program's push status_targets).
const JobSFStatus = "sf_status"

const cursorWriteback = "status_writeback"

// QueueStatusWritebacks turns status changes recorded since the last call
// into sf_status jobs, one per referral (a pending one is reused), in one
// transaction with the stream's cursor: every change is queued exactly once.
func (db *DB) QueueStatusWritebacks(ctx context.Context, limit int) (int, error) {
	n := 0
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		last, _, err := hookCursorTx(ctx, tx, cursorWriteback)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, referral_id FROM referral_status_history WHERE id > ? AND from_status <> '' ORDER BY id LIMIT ?`, last, limit)
		if err != nil {
			return fmt.Errorf("store: read status changes: %w", err)
		}
		var refs []string
		for rows.Next() {
			var ref string
			if err := rows.Scan(&last, &ref); err != nil {
				rows.Close()
				return fmt.Errorf("store: read status changes: %w", err)
			}
			refs = append(refs, ref)
		}
		rows.Close()
		for _, ref := range refs {
			if err := db.EnqueueJobTx(ctx, tx, JobSFStatus, ref); err != nil {
				return err
			}
			n++
		}
		return setHookCursorTx(ctx, tx, cursorWriteback, last, "")
	})
	return n, err
}

// StatusWritebacksEach calls fn for each referral of refs that still
// exists, with its program, status, when the status last changed (the
// newest history row) and its live links as (object, record id) pairs: what
// an sf_status job writes.
func (db *DB) StatusWritebacksEach(ctx context.Context, refs []string, fn func(ref string, program int64, status, changedAt string, links [][2]string)) error {
	for _, ref := range refs {
		r, err := db.ReferralByID(ctx, ref)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		var changed string
		if err := db.R.QueryRowContext(ctx, `SELECT coalesce(max(created_at), '') FROM referral_status_history WHERE referral_id = ?`, r.ID).Scan(&changed); err != nil {
			return fmt.Errorf("store: status history of %s: %w", r.ID, err)
		}
		links, err := db.LinksOfReferral(ctx, r.ID)
		if err != nil {
			return err
		}
		var live [][2]string
		for _, l := range links {
			if l.DeletedAt == "" {
				live = append(live, [2]string{l.Object, l.RecordID})
			}
		}
		fn(r.ID, r.ProgramID, r.Status, changed, live)
	}
	return nil
}
