package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// watchTx switches a program on (from now: only changes polled from then on
// reach its rules) or off. Switching on needs saved settings, so no program
// watches Salesforce on rules nobody chose; the default program cannot be
// switched off.
func (db *DB) watchTx(ctx context.Context, tx *sql.Tx, id int64, on bool, actor string) error {
	if !on && id == DefaultProgram {
		return fmt.Errorf("%w: the default program always watches; pause objects on the dashboard instead", ErrInvalid)
	}
	since := sql.NullString{}
	if on {
		var saved int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM settings WHERE program_id = ?`, id).Scan(&saved); err != nil {
			return err
		}
		if saved == 0 {
			return fmt.Errorf("%w: save this program's settings first (switch to it and open Settings), then switch it on", ErrInvalid)
		}
		since = sql.NullString{String: db.Now(), Valid: true}
	}
	q := `UPDATE programs SET watching_since = coalesce(watching_since, ?) WHERE id = ?`
	if !on {
		q = `UPDATE programs SET watching_since = ? WHERE id = ?`
	}
	if err := db.programExec(ctx, tx, id, q, since, id); err != nil {
		return err
	}
	action := map[bool]string{true: "program.switch_on", false: "program.switch_off"}[on]
	return db.AuditTx(ctx, tx, actor, action, fmt.Sprintf("program %d", id), "")
}

// ChangesSince counts the distinct Salesforce changes of the objects received
// since a time (any program's entries): what a program watching those objects
// would have been given.
func (db *DB) ChangesSince(ctx context.Context, objects []string, since string) (int, error) {
	if len(objects) == 0 {
		return 0, nil
	}
	args := []any{since}
	for _, o := range objects {
		args = append(args, o)
	}
	q := `SELECT count(*) FROM (SELECT DISTINCT object, record_id, modstamp FROM entries WHERE received_at >= ? AND object IN (?` +
		strings.Repeat(", ?", len(objects)-1) + `))`
	var n int
	if err := db.R.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count changes since %s: %w", since, err)
	}
	return n, nil
}

// UserProgram returns the program a user's switcher shows (0: every program).
func (db *DB) UserProgram(ctx context.Context, userID int64) (int64, error) {
	var id int64
	if err := db.R.QueryRowContext(ctx, `SELECT program_id FROM users WHERE id = ?`, userID).Scan(&id); err != nil {
		return 0, fmt.Errorf("store: program of user %d: %w", userID, err)
	}
	return id, nil
}

// SetUserProgram remembers the program a user's switcher shows (0: every program).
func (db *DB) SetUserProgram(ctx context.Context, userID, programID int64) error {
	if _, err := db.W.ExecContext(ctx, `UPDATE users SET program_id = ? WHERE id = ?`, programID, userID); err != nil {
		return fmt.Errorf("store: set program of user %d: %w", userID, describeDiskError(err))
	}
	return nil
}
