package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/refsync/refsync/matching"
)

// EachPastEntry calls fn for each of the program's entries received at or
// after since, oldest first, with the snapshot of the same record's entry
// stored before it (nil for the record's first), for the settings preview.
func (db *DB) EachPastEntry(ctx context.Context, programID int64, since string, fn func(e *matching.Entry, prev map[string]any) error) error {
	rows, err := db.R.QueryContext(ctx, `SELECT `+entryCols+`, prev FROM (
		SELECT e.*, LAG(e.snapshot) OVER (PARTITION BY e.object, e.record_id ORDER BY e.modstamp, e.id) AS prev
		FROM entries e WHERE e.program_id = ? AND e.record_id IN
			(SELECT record_id FROM entries WHERE program_id = ? AND received_at >= ?))
		WHERE received_at >= ? ORDER BY id`, programID, programID, since, since)
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
