package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// ClaimJobsEach is ClaimJobs for the outbound runner (connector/outbound
// declares it with plain types): it claims and calls fn for each job.
func (db *DB) ClaimJobsEach(ctx context.Context, kind string, n int, lease time.Duration, fn func(id int64, ref string, attempts int, queuedAt string)) error {
	jobs, err := db.ClaimJobs(ctx, kind, n, lease)
	for _, j := range jobs {
		fn(j.ID, j.Ref, j.Attempts, j.CreatedAt)
	}
	return err
}

// FailJobs ends running jobs as failed for good, saying why (a webhook
// job's outbox row shows it failed).
func (db *DB) FailJobs(ctx context.Context, ids []int64, errMsg string) error {
	return db.Tx(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			if err := db.FinishJobTx(ctx, tx, id, errMsg); err != nil {
				return err
			}
			if errMsg == "" {
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE webhook_outbox SET state = 'failed', last_error = ?
				WHERE id = (SELECT CAST(ref AS INTEGER) FROM jobs WHERE id = ? AND kind = ?)`, errMsg, id, JobWebhook); err != nil {
				return fmt.Errorf("store: fail job %d: %w", id, describeDiskError(err))
			}
		}
		return nil
	})
}

// FinishJobs ends running jobs as done.
func (db *DB) FinishJobs(ctx context.Context, ids []int64) error { return db.FailJobs(ctx, ids, "") }

// PostponeJobs puts running jobs back to pending, due after the delay,
// without counting their claim as an attempt (they were not tried).
func (db *DB) PostponeJobs(ctx context.Context, ids []int64, after time.Duration) error {
	return db.Tx(ctx, func(tx *sql.Tx) error {
		at := db.now().UTC().Add(after).Format(TimeFormat)
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `UPDATE jobs SET state = 'pending', run_after = ?, attempts = max(attempts - 1, 0), updated_at = ?
				WHERE id = ? AND state = 'running'`, at, db.Now(), id); err != nil {
				return fmt.Errorf("store: postpone job %d: %w", id, describeDiskError(err))
			}
		}
		return nil
	})
}

// JobKindStats is how one kind of outbound work stands, for the dashboard.
type JobKindStats struct {
	Kind          string
	Pending       int
	Running       int
	Failed        int
	OldestWaiting string // when the oldest pending job was queued ("" : none waiting)
	NextAttempt   string // when the next pending job is due ("" : none)
	LastError     string // why the most recently retried pending job waits ("" : none)
}

// OutboundStats returns, per job kind with work not done, its pending,
// running and failed jobs, the oldest waiting one, the next attempt and why
// the last retried one waits, in kind order. Done jobs (most of the table)
// are not read: the states counted come from the index on (state, run_after).
func (db *DB) OutboundStats(ctx context.Context) ([]JobKindStats, error) {
	rows, err := db.R.QueryContext(ctx, `SELECT kind, state, count(*), min(created_at), min(run_after) FROM jobs
		WHERE state IN ('pending', 'running', 'failed') GROUP BY kind, state ORDER BY kind`)
	if err != nil {
		return nil, fmt.Errorf("store: outbound stats: %w", err)
	}
	var out []JobKindStats
	for rows.Next() {
		var kind, state, oldest, next string
		var n int
		if err := rows.Scan(&kind, &state, &n, &oldest, &next); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: outbound stats: %w", err)
		}
		if len(out) == 0 || out[len(out)-1].Kind != kind {
			out = append(out, JobKindStats{Kind: kind})
		}
		s := &out[len(out)-1]
		switch state {
		case JobPending:
			s.Pending, s.OldestWaiting, s.NextAttempt = n, oldest, next
		case JobRunning:
			s.Running = n
		case JobFailed:
			s.Failed = n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: outbound stats: %w", err)
	}
	for i := range out {
		if out[i].Pending == 0 {
			continue
		}
		if err := db.R.QueryRowContext(ctx, `SELECT coalesce(max(last_error), '') FROM (SELECT last_error FROM jobs
			WHERE kind = ? AND state = 'pending' AND last_error <> '' ORDER BY updated_at DESC LIMIT 1)`, out[i].Kind).Scan(&out[i].LastError); err != nil {
			return nil, fmt.Errorf("store: outbound stats: %w", err)
		}
	}
	return out, nil
}
