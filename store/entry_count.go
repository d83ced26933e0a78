package store

import (
	"context"
	"fmt"
	"strings"
)

// CountEntries counts the entries that match f (its cursors and limit are ignored).
func (db *DB) CountEntries(ctx context.Context, f EntryFilter) (int, error) {
	where, args := entryWhere(f)
	q := `SELECT count(*) FROM entries`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	var n int
	if err := db.R.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count entries: %w", err)
	}
	return n, nil
}

// EntryCursor is the cursor that lists the entries after entry id (in the
// filter's order), e.g. to find the next entry of the queue.
func EntryCursor(id int64) string { return encodeCursor(id) }

// EarlierEntryFor returns the newest entry before id that tied the same record
// to the same referral, or 0 when there is none.
func (db *DB) EarlierEntryFor(ctx context.Context, recordID, referralID string, id int64) (int64, error) {
	var n int64
	err := db.R.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM entries WHERE record_id = ? AND referral_id = ? AND id < ?`,
		recordID, referralID, id).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: earlier entry of %s: %w", recordID, err)
	}
	return n, nil
}
