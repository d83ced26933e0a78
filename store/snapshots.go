package store

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
)

// SnapshotsRx returns the last snapshot kept of each of the object's records
// in ids (records never seen are absent). With InTx's context it reads inside
// the transaction.
func (db *DB) SnapshotsRx(ctx context.Context, object string, ids []string) (map[string]map[string]any, error) {
	if err := db.flushRows(ctx); err != nil {
		return nil, err
	}
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
	body, ok := receivedSnapshot(ctx, fields)
	if !ok {
		b, err := json.Marshal(fields)
		if err != nil {
			return fmt.Errorf("store: encode snapshot of %s %s: %w", object, recordID, err)
		}
		body = string(b)
	}
	if err := db.addRow(ctx, snapshotRows, object, recordID, modstamp, body); err != nil {
		return fmt.Errorf("store: save snapshot of %s %s: %w", object, recordID, err)
	}
	return nil
}

// A change's snapshot is encoded for its new entry and again as its record's
// last snapshot, in the same transaction and unchanged between: InsertEntryRx
// keeps the encoding of the snapshot it stored, and SaveSnapshotRx uses it
// for the very same map instead of encoding it again.

// keepSnapshot remembers body as the encoding of the snapshot m.
func keepSnapshot(ctx context.Context, m map[string]any, body string) {
	if r := rxFrom(ctx); r != nil && m != nil {
		r.snapMap, r.snapJSON = reflect.ValueOf(m).UnsafePointer(), body
	}
}

// receivedSnapshot returns the encoding keepSnapshot kept of the map m, once.
func receivedSnapshot(ctx context.Context, m map[string]any) (string, bool) {
	r := rxFrom(ctx)
	if r == nil || m == nil || r.snapMap == nil || r.snapMap != reflect.ValueOf(m).UnsafePointer() {
		return "", false
	}
	body := r.snapJSON
	r.snapMap, r.snapJSON = nil, ""
	return body, true
}
