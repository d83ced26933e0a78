package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/refsync/refsync/matching"
)

// Hook cursor names: the source tables the webhook producer reads, each with a watermark.
const (
	cursorStatus = "status_history"
	cursorReview = "entry_review"
)

// StatusEvent is one row of referral_status_history: a creation (From "") or a status change.
type StatusEvent struct {
	ID         int64
	ReferralID string
	From, To   string
	Actor      string
	EntryID    int64
	Note       string
	At         string
}

// ReviewItem is one entry that went to the review queue.
type ReviewItem struct {
	HistoryID int64  `json:"-"`
	EntryID   int64  `json:"id"`
	Object    string `json:"object"`
	RecordID  string `json:"record_id"`
	Reason    string `json:"reason"`
	// ReasonName and ReasonWords are the reason as the UI names and explains
	// it (matching.ReasonName, matching.ReasonWords): one vocabulary in the
	// queue, the export and the entry.review webhook.
	ReasonName  string `json:"reason_name"`
	ReasonWords string `json:"reason_words"`
	ReferralID  string `json:"referral_id,omitempty"`
	At          string `json:"at"`
}

// worded fills the item's reason in words.
func (it *ReviewItem) worded() {
	it.ReasonName, it.ReasonWords = matching.ReasonName(it.Reason), matching.ReasonWords(it.Reason)
}

func hookCursorTx(ctx context.Context, tx *sql.Tx, name string) (int64, string, error) {
	var id int64
	var sent string
	err := tx.QueryRowContext(ctx, `SELECT last_id, last_sent_at FROM hook_cursors WHERE name = ?`, name).Scan(&id, &sent)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", nil
	}
	if err != nil {
		return 0, "", fmt.Errorf("store: read hook cursor %s: %w", name, err)
	}
	return id, sent, nil
}

func setHookCursorTx(ctx context.Context, tx *sql.Tx, name string, id int64, sent string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO hook_cursors (name, last_id, last_sent_at) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET last_id = excluded.last_id, last_sent_at = excluded.last_sent_at`, name, id, sent)
	if err != nil {
		return fmt.Errorf("store: move hook cursor %s: %w", name, describeDiskError(err))
	}
	return nil
}

// QueueStatusEvents reads up to limit status history rows past the watermark,
// asks build for each one's event name and payload ("" skips it), queues them
// for the subscribed webhooks and moves the watermark, all in one transaction:
// every row becomes outbox rows exactly once, across crashes and restarts.
func (db *DB) QueueStatusEvents(ctx context.Context, limit int, build func(StatusEvent) (string, []byte, error)) (int, error) {
	queued := 0
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		last, _, err := hookCursorTx(ctx, tx, cursorStatus)
		if err != nil {
			return err
		}
		var subscribed int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM webhooks WHERE active = 1`).Scan(&subscribed); err != nil {
			return fmt.Errorf("store: count webhooks: %w", err)
		}
		if subscribed == 0 { // nobody to tell, now or later (webhooks never get events older than themselves)
			var top int64
			if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM referral_status_history`).Scan(&top); err != nil {
				return fmt.Errorf("store: read status history: %w", err)
			}
			return setHookCursorTx(ctx, tx, cursorStatus, max(top, last), "")
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, referral_id, from_status, to_status, actor, coalesce(entry_id, 0), note, created_at
			FROM referral_status_history WHERE id > ? ORDER BY id LIMIT ?`, last, limit)
		if err != nil {
			return fmt.Errorf("store: read status history: %w", err)
		}
		var evs []StatusEvent
		for rows.Next() {
			var e StatusEvent
			if err := rows.Scan(&e.ID, &e.ReferralID, &e.From, &e.To, &e.Actor, &e.EntryID, &e.Note, &e.At); err != nil {
				rows.Close()
				return fmt.Errorf("store: read status history: %w", err)
			}
			evs = append(evs, e)
		}
		rows.Close()
		for _, e := range evs {
			name, payload, err := build(e)
			if err != nil {
				return fmt.Errorf("store: build event for history row %d: %w", e.ID, err)
			}
			if name != "" {
				n, err := db.EnqueueEventTx(ctx, tx, name, payload, e.At)
				if err != nil {
					return err
				}
				queued += n
			}
			last = e.ID
		}
		return setHookCursorTx(ctx, tx, cursorStatus, last, "")
	})
	return queued, err
}

// QueueReviewDigest queues one entry.review digest when entries went to review
// since the last digest and the last one is at least every old: build gets the
// count of such entries and the newest (up to newest) of them. It returns the
// number of outbox rows queued (0 when nothing was due). Only entries of the
// given programs count (nil: every program): the others' rule e is off.
func (db *DB) QueueReviewDigest(ctx context.Context, every time.Duration, newest int, programs []int64, build func(count int, items []ReviewItem) ([]byte, error)) (int, error) {
	queued := 0
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		last, sent, err := hookCursorTx(ctx, tx, cursorReview)
		if err != nil {
			return err
		}
		now := db.now().UTC()
		if t, perr := time.Parse(TimeFormat, sent); perr == nil && now.Sub(t) < every {
			return nil
		}
		var count int
		var maxID int64
		in, args := programFilter(programs)
		if err := tx.QueryRowContext(ctx, `SELECT count(DISTINCT h.entry_id), coalesce(max(h.id), 0) FROM entry_history h
			JOIN entries e ON e.id = h.entry_id WHERE h.id > ? AND h.outcome = 'review'`+in, append([]any{last}, args...)...).Scan(&count, &maxID); err != nil {
			return fmt.Errorf("store: count review entries: %w", err)
		}
		if count == 0 {
			return nil
		}
		items, err := reviewItemsTx(ctx, tx, last, maxID, newest, in, args)
		if err != nil {
			return err
		}
		payload, err := build(count, items)
		if err != nil {
			return fmt.Errorf("store: build review digest: %w", err)
		}
		if queued, err = db.EnqueueEventTx(ctx, tx, "entry.review", payload, now.Format(TimeFormat)); err != nil {
			return err
		}
		return setHookCursorTx(ctx, tx, cursorReview, maxID, now.Format(TimeFormat))
	})
	return queued, err
}

func reviewItemsTx(ctx context.Context, tx *sql.Tx, after, upTo int64, n int, in string, args []any) ([]ReviewItem, error) {
	rows, err := tx.QueryContext(ctx, `SELECT max(h.id), h.entry_id, e.object, e.record_id, e.reason, e.referral_id, max(h.created_at)
		FROM entry_history h JOIN entries e ON e.id = h.entry_id
		WHERE h.id > ? AND h.id <= ? AND h.outcome = 'review'`+in+`
		GROUP BY h.entry_id ORDER BY max(h.id) DESC LIMIT ?`, append(append([]any{after, upTo}, args...), n)...)
	if err != nil {
		return nil, fmt.Errorf("store: read review entries: %w", err)
	}
	defer rows.Close()
	var out []ReviewItem
	for rows.Next() {
		var it ReviewItem
		if err := rows.Scan(&it.HistoryID, &it.EntryID, &it.Object, &it.RecordID, &it.Reason, &it.ReferralID, &it.At); err != nil {
			return nil, fmt.Errorf("store: read review entries: %w", err)
		}
		it.worded()
		out = append(out, it)
	}
	return out, rows.Err()
}
