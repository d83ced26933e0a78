package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Job kinds.
const (
	JobSFPush  = "sf_push" // push a referral to Salesforce; ref is the referral id
	JobWebhook = "webhook" // deliver one webhook outbox row; ref is its id
	JobMail    = "mail"    // send one email; its payload is the message
)

// Job states.
const (
	JobPending = "pending"
	JobRunning = "running"
	JobDone    = "done"
	JobFailed  = "failed"
)

// Job is one durable unit of background work, unique per (kind, ref).
type Job struct {
	ID        int64  `json:"id"`
	Kind      string `json:"kind"`
	Ref       string `json:"ref"`
	State     string `json:"state"`
	Attempts  int    `json:"attempts"` // claims so far, this one included
	RunAfter  string `json:"run_after"`
	LastError string `json:"last_error,omitempty"`
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
}

const jobCols = `id, kind, ref, state, attempts, run_after, last_error, created_at, updated_at`

func scanJob(s interface{ Scan(...any) error }) (*Job, error) {
	j := &Job{}
	return j, s.Scan(&j.ID, &j.Kind, &j.Ref, &j.State, &j.Attempts, &j.RunAfter, &j.LastError, &j.CreatedAt, &j.UpdatedAt)
}

// sqlEnqueueJob is prepared once per import transaction: imports queue one job per referral.
var sqlEnqueueJob = `INSERT INTO jobs (kind, ref, state, attempts, run_after, created_at, updated_at)
		VALUES (?, ?, 'pending', 0, ?, ?, ?)
		ON CONFLICT (kind, ref) DO UPDATE SET state = 'pending', attempts = 0, run_after = excluded.run_after,
			last_error = '', updated_at = excluded.updated_at
		WHERE jobs.state IN ('done', 'failed')`

// EnqueueJobTx queues a job inside the caller's transaction (so a referral and
// its push are stored together). A job of the same kind and ref that is done or
// failed is queued again; a pending or running one is left as it is.
func (db *DB) EnqueueJobTx(ctx context.Context, tx *sql.Tx, kind, ref string) error {
	now := db.Now()
	_, err := db.txExec(ctx, tx, sqlEnqueueJob, kind, ref, now, now, now)
	if err != nil {
		return fmt.Errorf("store: queue %s job for %s: %w", kind, ref, describeDiskError(err))
	}
	return nil
}

// EnqueueJob is EnqueueJobTx in its own transaction.
func (db *DB) EnqueueJob(ctx context.Context, kind, ref string) error {
	return db.Tx(ctx, func(tx *sql.Tx) error { return db.EnqueueJobTx(ctx, tx, kind, ref) })
}

// ClaimJobs takes up to n due jobs of a kind: pending ones whose time has come,
// and running ones whose lease ran out (their worker died). Each claimed job is
// running, leased for lease, and has its attempts counted.
func (db *DB) ClaimJobs(ctx context.Context, kind string, n int, lease time.Duration) ([]*Job, error) {
	var out []*Job
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		now := db.now().UTC()
		rows, err := tx.QueryContext(ctx, `SELECT `+jobCols+` FROM jobs WHERE kind = ? AND state IN ('pending', 'running')
			AND run_after <= ? ORDER BY run_after, id LIMIT ?`, kind, now.Format(TimeFormat), n)
		if err != nil {
			return fmt.Errorf("store: claim %s jobs: %w", kind, err)
		}
		for rows.Next() {
			j, err := scanJob(rows)
			if err != nil {
				rows.Close()
				return fmt.Errorf("store: claim %s jobs: %w", kind, err)
			}
			out = append(out, j)
		}
		rows.Close()
		until := now.Add(lease).Format(TimeFormat)
		for _, j := range out {
			j.State, j.Attempts, j.RunAfter, j.UpdatedAt = JobRunning, j.Attempts+1, until, now.Format(TimeFormat)
			if _, err := tx.ExecContext(ctx, `UPDATE jobs SET state = 'running', attempts = ?, run_after = ?, updated_at = ? WHERE id = ?`,
				j.Attempts, j.RunAfter, j.UpdatedAt, j.ID); err != nil {
				return fmt.Errorf("store: claim job %d: %w", j.ID, describeDiskError(err))
			}
		}
		return nil
	})
	return out, err
}

// FinishJobTx marks a job done (errMsg "") or failed for good (errMsg says why).
func (db *DB) FinishJobTx(ctx context.Context, tx *sql.Tx, id int64, errMsg string) error {
	state := JobDone
	if errMsg != "" {
		state = JobFailed
	}
	if _, err := tx.ExecContext(ctx, `UPDATE jobs SET state = ?, last_error = ?, updated_at = ? WHERE id = ?`,
		state, errMsg, db.Now(), id); err != nil {
		return fmt.Errorf("store: finish job %d: %w", id, describeDiskError(err))
	}
	return nil
}

// RetryJobs puts running jobs back to pending, due after the given delay, with
// the error that stopped them; a push job's referral shows the error
// meanwhile, a webhook job's outbox row its next attempt.
func (db *DB) RetryJobs(ctx context.Context, ids []int64, after time.Duration, errMsg string) error {
	return db.Tx(ctx, func(tx *sql.Tx) error {
		at := db.now().UTC().Add(after).Format(TimeFormat)
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `UPDATE jobs SET state = 'pending', run_after = ?, last_error = ?, updated_at = ? WHERE id = ?`,
				at, errMsg, db.Now(), id); err != nil {
				return fmt.Errorf("store: retry job %d: %w", id, describeDiskError(err))
			}
			if _, err := tx.ExecContext(ctx, `UPDATE referrals SET sf_error = ?
				WHERE id = (SELECT ref FROM jobs WHERE id = ? AND kind = ?)`, "retrying at "+at+": "+errMsg, id, JobSFPush); err != nil {
				return fmt.Errorf("store: note retry of job %d: %w", id, describeDiskError(err))
			}
			if _, err := tx.ExecContext(ctx, `UPDATE webhook_outbox SET next_attempt_at = ?
				WHERE id = (SELECT CAST(ref AS INTEGER) FROM jobs WHERE id = ? AND kind = ?)`, at, id, JobWebhook); err != nil {
				return fmt.Errorf("store: note retry of job %d: %w", id, describeDiskError(err))
			}
		}
		return nil
	})
}

// JobByRef returns the job of that kind and ref, or ErrNotFound.
func (db *DB) JobByRef(ctx context.Context, kind, ref string) (*Job, error) {
	j, err := scanJob(db.R.QueryRowContext(ctx, `SELECT `+jobCols+` FROM jobs WHERE kind = ? AND ref = ?`, kind, ref))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: %s job for %s: %w", kind, ref, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: %s job for %s: %w", kind, ref, err)
	}
	return j, nil
}

// CountJobs returns how many jobs of a kind are in each state.
func (db *DB) CountJobs(ctx context.Context, kind string) (map[string]int, error) {
	rows, err := db.R.QueryContext(ctx, `SELECT state, count(*) FROM jobs WHERE kind = ? GROUP BY state`, kind)
	if err != nil {
		return nil, fmt.Errorf("store: count %s jobs: %w", kind, err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		out[s] = n
	}
	return out, rows.Err()
}

// Salesforce push states of a referral (referrals.sf_state).
const (
	SFQueued  = "queued"
	SFSending = "sending" // a create call may have reached Salesforce: look the referral id up before creating again
	SFCreated = "created"
	SFLinked  = "linked"
	SFUpdated = "updated"
	SFDenied  = "denied"
	SFFailed  = "failed"
)

// MarkPushSending records, before the create call, that Salesforce may get a
// record for these referrals: a later attempt then looks them up first.
func (db *DB) MarkPushSending(ctx context.Context, referralIDs []string) error {
	if len(referralIDs) == 0 {
		return nil
	}
	args := []any{SFSending, db.Now()}
	for _, id := range referralIDs {
		args = append(args, id)
	}
	q := `UPDATE referrals SET sf_state = ?, updated_at = ? WHERE id IN (?` + strings.Repeat(",?", len(referralIDs)-1) + `)`
	if _, err := db.W.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("store: mark %d referrals as being sent: %w", len(referralIDs), describeDiskError(err))
	}
	return nil
}

// PushOutcome is what one push job achieved, recorded by FinishPushes.
type PushOutcome struct {
	JobID      int64
	ReferralID string
	State      string // SFCreated, SFLinked, SFUpdated, SFDenied or SFFailed
	Error      string // shown on the referral (e.g. "DUPLICATES_DETECTED: …"); fails the job when State is SFFailed
	Object     string // Salesforce object of RecordID
	RecordID   string // the record created, linked or updated
	LinkKind   string // created, email, …
	Note       string // why, e.g. for a denial
	Actor      string // e.g. "push"
}

// FinishPushes records push outcomes in one transaction: the referral's
// Salesforce state and error, the link, the denial, and the job's end. An
// outcome that cannot be recorded (anything but a full disk) never holds the
// batch hostage: it is rolled back alone and its referral is marked failed
// with the reason, so the other outcomes are kept and nothing retries forever.
func (db *DB) FinishPushes(ctx context.Context, outs []PushOutcome) error {
	return db.Tx(ctx, func(tx *sql.Tx) error {
		for _, o := range outs {
			if err := db.finishPushSavepoint(ctx, tx, o); err != nil {
				return err
			}
		}
		return nil
	})
}

// finishPushSavepoint records one outcome inside a savepoint; when that fails
// for a reason other than a full disk, it records the failure instead.
func (db *DB) finishPushSavepoint(ctx context.Context, tx *sql.Tx, o PushOutcome) error {
	if _, err := tx.ExecContext(ctx, `SAVEPOINT push_outcome`); err != nil {
		return fmt.Errorf("store: record push of %s: %w", o.ReferralID, describeDiskError(err))
	}
	err := db.finishPushTx(ctx, tx, o)
	if err == nil {
		_, err = tx.ExecContext(ctx, `RELEASE push_outcome`)
		return err
	}
	if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO push_outcome`); rerr != nil {
		return errors.Join(err, rerr)
	}
	if _, rerr := tx.ExecContext(ctx, `RELEASE push_outcome`); rerr != nil {
		return errors.Join(err, rerr)
	}
	if errors.Is(describeDiskError(err), ErrDiskFull) {
		return err
	}
	what := o.State
	if o.RecordID != "" {
		what = fmt.Sprintf("%s as %s %s", o.State, o.Object, o.RecordID)
	}
	msg := fmt.Sprintf("refsync could not record this push (%s): %v; check the link on the Salesforce record, then push it again", what, err)
	return db.finishPushTx(ctx, tx, PushOutcome{JobID: o.JobID, ReferralID: o.ReferralID, State: SFFailed, Error: msg, Actor: o.Actor})
}

func (db *DB) finishPushTx(ctx context.Context, tx *sql.Tx, o PushOutcome) error {
	if _, err := tx.ExecContext(ctx, `UPDATE referrals SET sf_state = ?, sf_error = ?, updated_at = ? WHERE id = ?`,
		o.State, o.Error, db.Now(), o.ReferralID); err != nil {
		return fmt.Errorf("store: record push of %s: %w", o.ReferralID, describeDiskError(err))
	}
	if o.RecordID != "" {
		if err := db.LinkRecordTx(ctx, tx, Link{RecordID: o.RecordID, Object: o.Object, ReferralID: o.ReferralID, Kind: o.LinkKind}); err != nil {
			return err
		}
	}
	if o.State == SFDenied {
		_, _, err := db.SetReferralStatusTx(ctx, tx, StatusChange{ReferralID: o.ReferralID, To: StatusDenied, Actor: o.Actor, Note: o.Note})
		if err != nil && !errors.Is(err, ErrTransition) {
			return fmt.Errorf("store: deny %s: %w", o.ReferralID, err)
		}
	}
	jobErr := ""
	if o.State == SFFailed {
		jobErr = o.Error
	}
	return db.FinishJobTx(ctx, tx, o.JobID, jobErr)
}

// CreateReferralForPush creates a referral and queues its push to Salesforce
// in the same transaction, so a new referral is never left unqueued.
func (db *DB) CreateReferralForPush(ctx context.Context, ref *Referral, actor string) error {
	return db.Tx(ctx, func(tx *sql.Tx) error {
		if err := db.CreateReferralTx(ctx, tx, ref, actor); err != nil {
			return err
		}
		return db.EnqueueJobTx(ctx, tx, JobSFPush, ref.ID)
	})
}

// RequeuePush queues a referral's push to Salesforce again: a failed one shows
// as queued with its error cleared; one already in Salesforce keeps its state.
func (db *DB) RequeuePush(ctx context.Context, referralID, actor string) error {
	return db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE referrals SET sf_state = 'queued', sf_error = '', updated_at = ?
			WHERE id = ? AND sf_state IN ('', 'failed', 'denied')`, db.Now(), referralID); err != nil {
			return fmt.Errorf("store: requeue push of %s: %w", referralID, describeDiskError(err))
		}
		if err := db.EnqueueJobTx(ctx, tx, JobSFPush, referralID); err != nil {
			return err
		}
		return db.AuditTx(ctx, tx, actor, "referral.push", referralID, "")
	})
}

// ReclaimJobs puts every running job of a kind (of every kind when kind is
// "") back to pending, due now, and returns how many. Call it only while holding the worker lock (LockWorkers):
// then no live process has a claim, so a running job is one a stopped or
// crashed process left behind, which would otherwise wait out its lease. The
// claim that died is not counted as an attempt.
func (db *DB) ReclaimJobs(ctx context.Context, kind string) (int, error) {
	now := db.Now()
	res, err := db.W.ExecContext(ctx, `UPDATE jobs SET state = 'pending', run_after = ?, attempts = max(attempts - 1, 0), updated_at = ?
		WHERE (kind = ? OR ? = '') AND state = 'running'`, now, now, kind, kind)
	if err != nil {
		return 0, fmt.Errorf("store: reclaim running %s jobs: %w", kind, describeDiskError(err))
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
