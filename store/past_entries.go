package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/refsync/refsync/matching"
)

// EachPastEntry calls fn for each of the program's entries received at or
// after since, oldest first, with the snapshot of the same record's entry
// stored before it (nil for the record's first), for the settings preview.
func (db *DB) EachPastEntry(ctx context.Context, programID int64, since string, fn func(e *matching.Entry, prev map[string]any) error) error {
	// The window sorts small rows (ids), the snapshots are read by primary key.
	rows, err := db.R.QueryContext(ctx, `WITH w AS (
		SELECT id, received_at, LAG(id) OVER (PARTITION BY object, record_id ORDER BY modstamp, id) AS prev_id
		FROM entries WHERE program_id = ? AND record_id IN
			(SELECT record_id FROM entries WHERE program_id = ? AND received_at >= ?))
		SELECT `+prefixed("e.", entryCols)+`, p.snapshot FROM w JOIN entries e ON e.id = w.id LEFT JOIN entries p ON p.id = w.prev_id
		WHERE w.received_at >= ? ORDER BY w.id`, programID, programID, since, since)
	if err != nil {
		return fmt.Errorf("store: past entries of program %d: %w", programID, err)
	}
	defer rows.Close()
	type last struct {
		text string
		snap map[string]any
	}
	seen := map[[2]string]last{}
	for rows.Next() {
		var prevText sql.NullString
		var snapText string
		e, err := scanEntry(scanTail{rows, &prevText, &snapText})
		if err != nil {
			return fmt.Errorf("store: past entries of program %d: %w", programID, err)
		}
		key := [2]string{e.Object, e.RecordID}
		var prev map[string]any
		if l, ok := seen[key]; ok && prevText.Valid && l.text == prevText.String {
			prev = l.snap
		} else if prevText.Valid {
			if err := json.Unmarshal([]byte(prevText.String), &prev); err != nil {
				return fmt.Errorf("store: entry before %d: snapshot: %w", e.ID, err)
			}
		}
		seen[key] = last{snapText, e.Snapshot}
		if err := fn(e, prev); err != nil {
			return err
		}
	}
	return rows.Err()
}

// scanTail scans an entry row followed by one more column (the previous
// snapshot), and keeps the entry's own snapshot text.
type scanTail struct {
	rows *sql.Rows
	tail *sql.NullString
	snap *string
}

// Scan reads the entry's columns into dest and the extra column into tail.
func (s scanTail) Scan(dest ...any) error {
	if err := s.rows.Scan(append(dest, s.tail)...); err != nil {
		return err
	}
	*s.snap = *(dest[5].(*string)) // entryCols: snapshot is the sixth column
	return nil
}

// PrevSnapshotRx returns the snapshot of the entry of the same program and
// record stored before e (by SystemModstamp), or nil when e is the first.
func (db *DB) PrevSnapshotRx(ctx context.Context, e *matching.Entry) (map[string]any, error) {
	var body string
	err := db.queryRow(ctx, `SELECT snapshot FROM entries WHERE program_id = ? AND object = ? AND record_id = ?
		AND (modstamp < ? OR (modstamp = ? AND id < ?)) ORDER BY modstamp DESC, id DESC LIMIT 1`,
		e.ProgramID, e.Object, e.RecordID, e.Modstamp, e.Modstamp, e.ID).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: entry before %d: %w", e.ID, err)
	}
	var prev map[string]any
	if err := json.Unmarshal([]byte(body), &prev); err != nil {
		return nil, fmt.Errorf("store: entry before %d: snapshot: %w", e.ID, err)
	}
	return prev, nil
}

// prefixed qualifies every column of a comma-separated list with a table alias.
func prefixed(alias, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = alias + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}
