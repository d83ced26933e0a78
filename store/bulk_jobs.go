package store

import (
	"context"
	"fmt"
)

// BulkJob is one object's last Bulk API 2.0 query job (a backfill or re-scan), as the dashboard shows it.
type BulkJob struct {
	Object    string `json:"object"`
	JobID     string `json:"job_id"`
	State     string `json:"state"`     // the job's state; Done once every record was read
	Processed int    `json:"processed"` // records the job found
	Received  int    `json:"received"`  // records read and handed to the pipeline
	Error     string `json:"error,omitempty"`
	StartedAt string `json:"started_at"`
	UpdatedAt string `json:"updated_at"`
}

// Running reports whether the job is still creating, running or being read.
func (j BulkJob) Running() bool {
	switch j.State {
	case "Done", "Failed", "Aborted":
		return false
	}
	return true
}

// Percent is how much of the job's records were read (0–100); 0 while the count is unknown.
func (j BulkJob) Percent() int {
	if j.Processed <= 0 {
		return 0
	}
	return min(100, j.Received*100/j.Processed)
}

// SetBulkJob records where object's bulk job stands; a new job id replaces the previous job.
func (db *DB) SetBulkJob(ctx context.Context, object, jobID, state string, processed, received int, errMsg string) error {
	now := db.Now()
	_, err := db.exec(ctx, `INSERT INTO bulk_jobs (object, job_id, state, processed, received, error, started_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (object) DO UPDATE SET state = excluded.state, processed = excluded.processed,
			received = excluded.received, error = excluded.error, updated_at = excluded.updated_at,
			started_at = CASE WHEN excluded.job_id = bulk_jobs.job_id THEN bulk_jobs.started_at ELSE excluded.started_at END,
			job_id = excluded.job_id`,
		object, jobID, state, processed, received, errMsg, now, now)
	if err != nil {
		return fmt.Errorf("store: set bulk job of %s: %w", object, describeDiskError(err))
	}
	return nil
}

// BulkJobs lists each object's last bulk job, by object name.
func (db *DB) BulkJobs(ctx context.Context) ([]BulkJob, error) {
	rows, err := db.R.QueryContext(ctx, `SELECT object, job_id, state, processed, received, error, started_at, updated_at
		FROM bulk_jobs ORDER BY object`)
	if err != nil {
		return nil, fmt.Errorf("store: bulk jobs: %w", err)
	}
	defer rows.Close()
	var out []BulkJob
	for rows.Next() {
		var j BulkJob
		if err := rows.Scan(&j.Object, &j.JobID, &j.State, &j.Processed, &j.Received, &j.Error, &j.StartedAt, &j.UpdatedAt); err != nil {
			return nil, fmt.Errorf("store: bulk jobs: %w", err)
		}
		out = append(out, j)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: bulk jobs: %w", err)
	}
	return out, nil
}
