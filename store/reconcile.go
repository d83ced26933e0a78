package store

import (
	"context"
	"fmt"
)

// The late-commit check of the receiver compares what Salesforce holds in a
// span of SystemModstamp with the snapshots kept: one row per record, with the
// stamp of the newest change received.

// SnapshotCount counts the records of object whose newest received change is
// stamped in [from, before) (SystemModstamp strings, +0000).
func (db *DB) SnapshotCount(ctx context.Context, object, from, before string) (int, error) {
	var n int
	err := db.R.QueryRowContext(ctx, `SELECT count(*) FROM record_snapshots
		WHERE object = ? AND modstamp >= ? AND modstamp < ?`, object, from, before).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count snapshots of %s: %w", object, err)
	}
	return n, nil
}

// SnapshotStamps returns the stamp of the newest received change of each of
// ids that has one.
func (db *DB) SnapshotStamps(ctx context.Context, object string, ids []string) (map[string]string, error) {
	rows, err := db.query(ctx, `SELECT record_id, modstamp FROM record_snapshots
		WHERE object = ? AND record_id IN (SELECT value FROM json_each(?))`, object, jsonList(ids))
	if err != nil {
		return nil, fmt.Errorf("store: snapshot stamps of %s: %w", object, err)
	}
	defer rows.Close()
	out := make(map[string]string, len(ids))
	for rows.Next() {
		var id, stamp string
		if err := rows.Scan(&id, &stamp); err != nil {
			return nil, fmt.Errorf("store: snapshot stamps of %s: %w", object, err)
		}
		out[id] = stamp
	}
	return out, rows.Err()
}
