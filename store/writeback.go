package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
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

// StatusWriteback is one claimed sf_status job with what it writes.
type StatusWriteback struct {
	JobID     int64
	Attempts  int
	Referral  *Referral
	ChangedAt string // when the status last changed (the newest history row)
	Links     []Link // the referral's live links
}

// ClaimStatusWritebacks claims up to n due sf_status jobs with their referral
// and links; jobs of referrals that no longer exist are finished.
func (db *DB) ClaimStatusWritebacks(ctx context.Context, n int, lease time.Duration) ([]StatusWriteback, error) {
	jobs, err := db.ClaimJobs(ctx, JobSFStatus, n, lease)
	if err != nil {
		return nil, err
	}
	var out []StatusWriteback
	for _, j := range jobs {
		r, err := db.ReferralByID(ctx, j.Ref)
		if err != nil {
			if ferr := db.FinishStatusWriteback(ctx, j.ID, "the referral no longer exists"); ferr != nil {
				return nil, ferr
			}
			continue
		}
		w := StatusWriteback{JobID: j.ID, Attempts: j.Attempts, Referral: r}
		if err := db.R.QueryRowContext(ctx, `SELECT coalesce(max(created_at), '') FROM referral_status_history WHERE referral_id = ?`, r.ID).Scan(&w.ChangedAt); err != nil {
			return nil, fmt.Errorf("store: status history of %s: %w", r.ID, err)
		}
		links, err := db.LinksOfReferral(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		for _, l := range links {
			if l.DeletedAt == "" {
				w.Links = append(w.Links, l)
			}
		}
		out = append(out, w)
	}
	return out, nil
}

// FinishStatusWriteback marks an sf_status job done (errMsg "") or failed for good.
func (db *DB) FinishStatusWriteback(ctx context.Context, jobID int64, errMsg string) error {
	return db.Tx(ctx, func(tx *sql.Tx) error { return db.FinishJobTx(ctx, tx, jobID, errMsg) })
}
