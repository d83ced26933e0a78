package store

import (
	"context"
	"fmt"
)

// What the replay loop (connector/replay.go) reads and writes.

// ReplayTarget returns the program and settings version a replay job applies.
func (db *DB) ReplayTarget(ctx context.Context, jobID int64) (programID, version int64, err error) {
	j, err := db.ReplayJob(ctx, jobID)
	if err != nil {
		return 0, 0, err
	}
	return j.ProgramID, j.Version, nil
}

// PendingReplayJobs lists the jobs not finished (pending; running when a stop or crash ended the process; failed, to try again), oldest first.
func (db *DB) PendingReplayJobs(ctx context.Context) ([]int64, error) {
	return db.int64s(ctx, `SELECT id FROM replay_jobs WHERE state IN ('pending', 'running', 'failed') ORDER BY id`)
}

// PendingReplayItems returns up to n entries of the job not replayed yet, oldest first.
func (db *DB) PendingReplayItems(ctx context.Context, jobID int64, n int) ([]int64, error) {
	return db.int64s(ctx, `SELECT entry_id FROM replay_items WHERE job_id = ? AND done_at IS NULL ORDER BY entry_id LIMIT ?`, jobID, n)
}

// FinishReplayItemRx marks an entry replayed, with its new outcome, inside
// InTx's transaction (the one that applied it). ErrConflict: it already was.
func (db *DB) FinishReplayItemRx(ctx context.Context, jobID, entryID int64, outcome string) error {
	res, err := db.exec(ctx, `UPDATE replay_items SET outcome = ?, done_at = ? WHERE job_id = ? AND entry_id = ? AND done_at IS NULL`,
		outcome, db.Now(), jobID, entryID)
	if err != nil {
		return fmt.Errorf("store: replay item %d of job %d: %w", entryID, jobID, describeDiskError(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: replay item %d of job %d: %w: already replayed", entryID, jobID, ErrConflict)
	}
	return nil
}

// SetReplayState records a replay job's state (running, done, failed) and its last error.
func (db *DB) SetReplayState(ctx context.Context, jobID int64, state, lastError string) error {
	_, err := db.W.ExecContext(ctx, `UPDATE replay_jobs SET state = ?, last_error = ?, updated_at = ? WHERE id = ?`,
		state, lastError, db.Now(), jobID)
	if err != nil {
		return fmt.Errorf("store: replay job %d: %w", jobID, describeDiskError(err))
	}
	return nil
}

func (db *DB) int64s(ctx context.Context, q string, args ...any) ([]int64, error) {
	rows, err := db.R.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
