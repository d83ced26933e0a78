package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// ReplayJob applies a saved settings version to past entries (issue 25).
type ReplayJob struct {
	ID        int64          `json:"id"`
	ProgramID int64          `json:"program_id"`
	Version   int64          `json:"settings_version"`
	State     string         `json:"state"` // pending, running, done, failed
	Total     int            `json:"total"`
	Done      int            `json:"done"`
	Outcomes  map[string]int `json:"outcomes"` // replayed entries by their new outcome
	LastError string         `json:"last_error,omitempty"`
	Actor     string         `json:"actor"`
	CreatedAt string         `json:"created_at"`
	UpdatedAt string         `json:"updated_at"`
}

// SettingsVersion returns the program and body of one saved settings version, or ErrNotFound.
func (db *DB) SettingsVersion(ctx context.Context, version int64) (programID int64, body []byte, err error) {
	var s string
	err = db.R.QueryRowContext(ctx, `SELECT program_id, body FROM settings WHERE version = ?`, version).Scan(&programID, &s)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil, fmt.Errorf("store: settings version %d: %w", version, ErrNotFound)
	}
	if err != nil {
		return 0, nil, fmt.Errorf("store: settings version %d: %w", version, err)
	}
	return programID, []byte(s), nil
}

// CreateReplayJob queues the replay of settings version on the entries, in
// one transaction. An entry already queued for that version (by any job) is
// not queued again; when none is left, the job is created done with total 0.
// The entries must belong to the version's program (ErrInvalid).
func (db *DB) CreateReplayJob(ctx context.Context, version int64, entryIDs []int64, actor string) (*ReplayJob, error) {
	program, _, err := db.SettingsVersion(ctx, version)
	if err != nil {
		return nil, err
	}
	var id int64
	err = db.Tx(ctx, func(tx *sql.Tx) error {
		now := db.Now()
		res, err := tx.ExecContext(ctx, `INSERT INTO replay_jobs (program_id, settings_version, actor, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?)`, program, version, actor, now, now)
		if err != nil {
			return fmt.Errorf("store: create replay job: %w", describeDiskError(err))
		}
		id, _ = res.LastInsertId()
		ids := make([]string, len(entryIDs))
		for i, e := range entryIDs {
			ids[i] = fmt.Sprint(e)
		}
		var foreign int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM entries WHERE id IN (SELECT value FROM json_each(?)) AND program_id <> ?`,
			jsonList(ids), program).Scan(&foreign); err != nil {
			return fmt.Errorf("store: create replay job: %w", err)
		}
		if foreign > 0 {
			return fmt.Errorf("store: create replay job: %w: %d of the entries belong to another program than settings version %d", ErrInvalid, foreign, version)
		}
		res, err = tx.ExecContext(ctx, `INSERT OR IGNORE INTO replay_items (settings_version, entry_id, job_id)
			SELECT ?, id, ? FROM entries WHERE id IN (SELECT value FROM json_each(?))`, version, id, jsonList(ids))
		if err != nil {
			return fmt.Errorf("store: create replay job: %w", describeDiskError(err))
		}
		n, _ := res.RowsAffected()
		state := "pending"
		if n == 0 {
			state = "done"
		}
		if _, err := tx.ExecContext(ctx, `UPDATE replay_jobs SET total = ?, state = ? WHERE id = ?`, n, state, id); err != nil {
			return fmt.Errorf("store: create replay job: %w", err)
		}
		return db.AuditTx(ctx, tx, actor, "settings.replay", fmt.Sprintf("program %d", program),
			fmt.Sprintf("version %d on %d entries (job %d)", version, n, id))
	})
	if err != nil {
		return nil, err
	}
	return db.ReplayJob(ctx, id)
}

// ReplayJob returns a replay job with its progress, or ErrNotFound.
func (db *DB) ReplayJob(ctx context.Context, id int64) (*ReplayJob, error) {
	j := &ReplayJob{Outcomes: map[string]int{}}
	err := db.R.QueryRowContext(ctx, `SELECT id, program_id, settings_version, state, total, last_error, actor, created_at, updated_at
		FROM replay_jobs WHERE id = ?`, id).Scan(&j.ID, &j.ProgramID, &j.Version, &j.State, &j.Total, &j.LastError, &j.Actor,
		&j.CreatedAt, &j.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: replay job %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: replay job %d: %w", id, err)
	}
	rows, err := db.R.QueryContext(ctx, `SELECT outcome, count(*) FROM replay_items WHERE job_id = ? AND done_at IS NOT NULL GROUP BY outcome`, id)
	if err != nil {
		return nil, fmt.Errorf("store: replay job %d: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var o string
		var n int
		if err := rows.Scan(&o, &n); err != nil {
			return nil, fmt.Errorf("store: replay job %d: %w", id, err)
		}
		j.Outcomes[o], j.Done = n, j.Done+n
	}
	return j, rows.Err()
}

// ListReplayJobs returns a program's replay jobs, newest first.
func (db *DB) ListReplayJobs(ctx context.Context, programID int64, limit int) ([]*ReplayJob, error) {
	ids, err := db.int64s(ctx, `SELECT id FROM replay_jobs WHERE program_id = ? ORDER BY id DESC LIMIT ?`, programID, limit)
	if err != nil {
		return nil, err
	}
	out := make([]*ReplayJob, 0, len(ids))
	for _, id := range ids {
		j, err := db.ReplayJob(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, nil
}

// SettingsBefore returns the body of the program's settings version saved
// before version, or ErrNotFound when version was the first (the defaults applied).
func (db *DB) SettingsBefore(ctx context.Context, version int64) ([]byte, error) {
	var body string
	err := db.R.QueryRowContext(ctx, `SELECT body FROM settings WHERE program_id = (SELECT program_id FROM settings WHERE version = ?)
		AND version < ? ORDER BY version DESC LIMIT 1`, version, version).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: settings before version %d: %w", version, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: settings before version %d: %w", version, err)
	}
	return []byte(body), nil
}
