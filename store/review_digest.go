package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// CursorReviewMail is the stream of the review digest sent by email.
const CursorReviewMail = "entry_review_mail"

// ReviewDigest is what one digest of entries gone to review says.
type ReviewDigest struct {
	Count int          // entries that went to review since the last digest
	Items []ReviewItem // the oldest entries waiting in review (of those programs), at most the number asked for
	UpTo  int64        // the entry history row the digest covers up to (QueueMail moves the cursor to it)
}

// PendingReviewDigest returns the digest due on the named stream, or nil when
// none is: the last one was sent less than every ago, or no entry of the
// given programs (nil: every program) went to review since. It changes
// nothing; the caller queues it with QueueMail, which moves the cursor. Entries of other
// programs are passed over for good (their program asked not to be notified).
func (db *DB) PendingReviewDigest(ctx context.Context, stream string, every time.Duration, n int, programs []int64) (*ReviewDigest, error) {
	var out *ReviewDigest
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		last, sent, err := hookCursorTx(ctx, tx, stream)
		if err != nil {
			return err
		}
		if t, perr := time.Parse(TimeFormat, sent); perr == nil && db.now().UTC().Sub(t) < every {
			return nil
		}
		in, args := programFilter(programs)
		d := &ReviewDigest{}
		if err := tx.QueryRowContext(ctx, `SELECT count(DISTINCT h.entry_id), coalesce(max(h.id), 0) FROM entry_history h
			JOIN entries e ON e.id = h.entry_id WHERE h.id > ? AND h.outcome = 'review'`+in, append([]any{last}, args...)...).Scan(&d.Count, &d.UpTo); err != nil {
			return fmt.Errorf("store: count review entries: %w", err)
		}
		if d.Count == 0 {
			return nil
		}
		rows, err := tx.QueryContext(ctx, `SELECT e.id, e.id, e.object, e.record_id, e.reason, e.referral_id, e.received_at
			FROM entries e WHERE e.outcome = 'review'`+in+` ORDER BY e.id LIMIT ?`, append(args, n)...)
		if err != nil {
			return fmt.Errorf("store: read review entries: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var it ReviewItem
			if err := rows.Scan(&it.HistoryID, &it.EntryID, &it.Object, &it.RecordID, &it.Reason, &it.ReferralID, &it.At); err != nil {
				return fmt.Errorf("store: read review entries: %w", err)
			}
			it.worded()
			d.Items = append(d.Items, it)
		}
		out = d
		return rows.Err()
	})
	return out, err
}

// programFilter is " AND e.program_id IN (…)" for a list of programs (none for nil).
func programFilter(programs []int64) (string, []any) {
	if programs == nil {
		return "", nil
	}
	if len(programs) == 0 {
		return " AND 0", nil
	}
	args := make([]any, len(programs))
	for i, p := range programs {
		args[i] = p
	}
	return " AND e.program_id IN (" + strings.TrimSuffix(strings.Repeat("?,", len(programs)), ",") + ")", args
}

// SkipReviewDigest moves the stream past every entry gone to review so far
// without sending (notifications are off: nothing piles up for later).
func (db *DB) SkipReviewDigest(ctx context.Context, stream string) error {
	return db.Tx(ctx, func(tx *sql.Tx) error {
		var top int64
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM entry_history`).Scan(&top); err != nil {
			return fmt.Errorf("store: skip review digest: %w", err)
		}
		_, sent, err := hookCursorTx(ctx, tx, stream)
		if err != nil {
			return err
		}
		return setHookCursorTx(ctx, tx, stream, top, sent)
	})
}
