package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

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
