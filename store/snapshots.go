package store

import (
	"context"
	"encoding/json"
	"fmt"
)

// SnapshotsRx returns the last snapshot kept of each of the object's records
// in ids (records never seen are absent). With InTx's context it reads inside
// the transaction.
func (db *DB) SnapshotsRx(ctx context.Context, object string, ids []string) (map[string]map[string]any, error) {
	rows, err := db.query(ctx, `SELECT record_id, fields FROM record_snapshots
		WHERE object = ? AND record_id IN (SELECT value FROM json_each(?))`, object, jsonList(ids))
	if err != nil {
		return nil, fmt.Errorf("store: read snapshots of %s: %w", object, err)
	}
	defer rows.Close()
	out := make(map[string]map[string]any, len(ids))
	for rows.Next() {
		var id, body string
		if err := rows.Scan(&id, &body); err != nil {
			return nil, fmt.Errorf("store: read snapshots of %s: %w", object, err)
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(body), &m); err != nil {
			return nil, fmt.Errorf("store: snapshot of %s %s: %w", object, id, err)
		}
		out[id] = m
	}
	return out, rows.Err()
}

// SaveSnapshotRx keeps fields as the last snapshot of the record, unless a
// newer one (by SystemModstamp) is already kept.
func (db *DB) SaveSnapshotRx(ctx context.Context, object, recordID, modstamp string, fields map[string]any) error {
	b, err := json.Marshal(fields)
	if err != nil {
		return fmt.Errorf("store: encode snapshot of %s %s: %w", object, recordID, err)
	}
	_, err = db.exec(ctx, `INSERT INTO record_snapshots (object, record_id, modstamp, fields) VALUES (?, ?, ?, ?)
		ON CONFLICT (object, record_id) DO UPDATE SET modstamp = excluded.modstamp, fields = excluded.fields
		WHERE excluded.modstamp >= record_snapshots.modstamp`, object, recordID, modstamp, string(b))
	if err != nil {
		return fmt.Errorf("store: save snapshot of %s %s: %w", object, recordID, describeDiskError(err))
	}
	return nil
}
