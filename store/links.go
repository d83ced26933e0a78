package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Link ties a Salesforce record to a referral.
type Link struct {
	RecordID   string `json:"id"`
	Object     string `json:"object"`
	ReferralID string `json:"referral_id"`
	Kind       string `json:"kind"` // direct, created, manual, converted, member, fuzzy
	Remembered bool   `json:"remembered,omitempty"`
	DeletedAt  string `json:"deleted_at,omitempty"`
	CreatedAt  string `json:"created_at"`
}

// sqlLink links a record to a referral in the referral's program: a record has
// one link per program. An older link is replaced unless that one was
// remembered by a person and the new one is not.
const sqlLink = `INSERT INTO sf_links (record_id, program_id, object, referral_id, kind, remembered, created_at)
		SELECT ?1, coalesce((SELECT program_id FROM referrals WHERE id = ?3), 1), ?2, ?3, ?4, ?5, ?6
		ON CONFLICT (program_id, record_id) DO UPDATE SET referral_id = excluded.referral_id, kind = excluded.kind,
			remembered = excluded.remembered, deleted_at = NULL
		WHERE sf_links.remembered = 0 OR excluded.remembered = 1`

// LinkRecordTx links a Salesforce record to a referral (replacing an older link
// of the record in the referral's program unless that one was remembered by a
// person and this one is not).
func (db *DB) LinkRecordTx(ctx context.Context, tx *sql.Tx, l Link) error {
	_, err := tx.ExecContext(ctx, sqlLink, l.RecordID, l.Object, l.ReferralID, l.Kind, l.Remembered, db.Now())
	if err != nil {
		return fmt.Errorf("store: link %s %s to %s: %w", l.Object, l.RecordID, l.ReferralID, describeDiskError(err))
	}
	return nil
}

// LinkRecord is LinkRecordTx in its own transaction.
func (db *DB) LinkRecord(ctx context.Context, l Link) error {
	return db.Tx(ctx, func(tx *sql.Tx) error { return db.LinkRecordTx(ctx, tx, l) })
}

// LinkByRecord returns a live link of a Salesforce record (the lowest
// program's when several programs link it), or ErrNotFound.
func (db *DB) LinkByRecord(ctx context.Context, recordID string) (*Link, error) {
	l := &Link{}
	var deleted sql.NullString
	err := db.R.QueryRowContext(ctx, `SELECT record_id, object, referral_id, kind, remembered, deleted_at, created_at
		FROM sf_links WHERE record_id = ? AND deleted_at IS NULL ORDER BY program_id LIMIT 1`, recordID).
		Scan(&l.RecordID, &l.Object, &l.ReferralID, &l.Kind, &l.Remembered, &deleted, &l.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: link of %s: %w", recordID, ErrNotFound)
	}
	l.DeletedAt = deleted.String
	return l, err
}

// LinksOfReferral returns every link of a referral, deleted ones included.
func (db *DB) LinksOfReferral(ctx context.Context, referralID string) ([]Link, error) {
	rows, err := db.R.QueryContext(ctx, `SELECT record_id, object, referral_id, kind, remembered, coalesce(deleted_at, ''), created_at
		FROM sf_links WHERE referral_id = ? ORDER BY created_at, record_id`, referralID)
	if err != nil {
		return nil, fmt.Errorf("store: links of %s: %w", referralID, err)
	}
	defer rows.Close()
	var out []Link
	for rows.Next() {
		var l Link
		if err := rows.Scan(&l.RecordID, &l.Object, &l.ReferralID, &l.Kind, &l.Remembered, &l.DeletedAt, &l.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// MarkLinkDeletedTx records that a linked Salesforce record was deleted.
func (db *DB) MarkLinkDeletedTx(ctx context.Context, tx *sql.Tx, recordID string) error {
	_, err := tx.ExecContext(ctx, `UPDATE sf_links SET deleted_at = ? WHERE record_id = ? AND deleted_at IS NULL`, db.Now(), recordID)
	if err != nil {
		return fmt.Errorf("store: mark link %s deleted: %w", recordID, err)
	}
	return nil
}

// RestoreLinksRx brings back the links of a record restored from Salesforce's
// recycle bin and returns, per program, the referral each now links it to.
func (db *DB) RestoreLinksRx(ctx context.Context, recordID string) (map[int64]string, error) {
	rows, err := db.query(ctx, `UPDATE sf_links SET deleted_at = NULL WHERE record_id = ? AND deleted_at IS NOT NULL
		RETURNING program_id, referral_id`, recordID)
	if err != nil {
		return nil, fmt.Errorf("store: restore links of %s: %w", recordID, describeDiskError(err))
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var p int64
		var ref string
		if err := rows.Scan(&p, &ref); err != nil {
			return nil, fmt.Errorf("store: restore links of %s: %w", recordID, err)
		}
		out[p] = ref
	}
	return out, rows.Err()
}

// ErrNotFailed: the referral's push has not failed (any more), so there is nothing to link.
var ErrNotFailed = errors.New("store: the referral's push has not failed")

// LinkFailedPush links a referral whose push failed to an existing Salesforce
// record (the one a duplicate rule named), as the "link" existing-email option
// does: the referral shows as linked, its error is cleared, and the audit log
// says who did it. A referral whose push is not failed gets ErrNotFailed.
func (db *DB) LinkFailedPush(ctx context.Context, referralID, object, recordID, actor string) error {
	return db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE referrals SET sf_state = ?, sf_error = '', updated_at = ? WHERE id = ? AND sf_state = ?`,
			SFLinked, db.Now(), referralID, SFFailed)
		if err != nil {
			return fmt.Errorf("store: link %s to %s %s: %w", referralID, object, recordID, describeDiskError(err))
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return ErrNotFailed
		}
		if err := db.LinkRecordTx(ctx, tx, Link{RecordID: recordID, Object: object, ReferralID: referralID, Kind: "duplicate"}); err != nil {
			return err
		}
		return db.AuditTx(ctx, tx, actor, "referral.link", referralID,
			fmt.Sprintf("linked to %s %s, the record a Salesforce duplicate rule named", object, recordID))
	})
}
