package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// QueueMail queues one email (its message as payload) under a ref unique to
// it; with a stream it also moves that digest stream's cursor to upTo, in the
// same transaction, so a digest is queued exactly once and never lost.
func (db *DB) QueueMail(ctx context.Context, ref, payload, stream string, upTo int64) error {
	return db.Tx(ctx, func(tx *sql.Tx) error {
		now := db.Now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO jobs (kind, ref, state, attempts, run_after, payload, created_at, updated_at)
			VALUES (?, ?, 'pending', 0, ?, ?, ?, ?) ON CONFLICT (kind, ref) DO NOTHING`, JobMail, ref, now, payload, now, now); err != nil {
			return fmt.Errorf("store: queue mail %s: %w", ref, describeDiskError(err))
		}
		if stream == "" {
			return nil
		}
		return setHookCursorTx(ctx, tx, stream, upTo, now)
	})
}

// JobPayloadsEach calls fn with the payload of each job of ids.
func (db *DB) JobPayloadsEach(ctx context.Context, ids []int64, fn func(id int64, payload string)) error {
	if len(ids) == 0 {
		return nil
	}
	args := make([]string, len(ids))
	for i, id := range ids {
		args[i] = strconv.FormatInt(id, 10)
	}
	rows, err := db.R.QueryContext(ctx, `SELECT id, payload FROM jobs WHERE id IN (`+strings.Join(args, ",")+`)`)
	if err != nil {
		return fmt.Errorf("store: read job payloads: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var p string
		if err := rows.Scan(&id, &p); err != nil {
			return fmt.Errorf("store: read job payloads: %w", err)
		}
		fn(id, p)
	}
	return rows.Err()
}
