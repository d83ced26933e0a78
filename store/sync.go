package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unsafe"
)

// The receiver writes one page of entries, snapshots, status changes, links
// and the watermark in one transaction. The transaction travels in the
// context: InTx hands fn a context, and every method whose name ends in Rx
// joins the transaction of the context it is given (outside InTx it runs on
// its own). This keeps the receiver's Sink interface free of store types.

type rxKey struct{}

// rx is one receive transaction with its prepared statements.
type rx struct {
	tx      *sql.Tx
	stmts   map[string]*sql.Stmt
	sp      int
	touched []int64        // entries to (re)index for search at commit
	stale   []int64        // those of them the search index may hold already
	pending []*pendingRows // rows gathered for batched INSERTs (see addRow)
	// flushErr is a failure to write them before a single-row read (which
	// returns no error of its own): the transaction then does not commit
	flushErr    error
	nextEntry   int64                     // the last entry id given out in the transaction (0: none yet)
	entryKeys   map[[4]string]bool        // the keys of the entries written in it (see newEntryKey)
	rows        int                       // how many rows were gathered (see addRow)
	updates     map[string]*pendingUpdate // by referral: the UPDATEs that wait (see updateReferral)
	updateOrder []*pendingUpdate          // the same, in the order they came
	statuses    map[string][2]string      // referrals' status and status event time read ahead (see ReadStatusesRx)
	batch       bool                      // InTx's: it writes the gathered rows before committing
	// the snapshot map the last new entry stored, and its encoding (see keepSnapshot)
	snapMap  unsafe.Pointer
	snapJSON string
}

// InTx runs fn in one write transaction carried by the context fn receives;
// it commits when fn returns nil. Nested calls join the outer transaction.
func (db *DB) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, ok := ctx.Value(rxKey{}).(*rx); ok {
		return fn(ctx)
	}
	var r *rx
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		r = &rx{tx: tx, stmts: map[string]*sql.Stmt{}, batch: true}
		defer func() {
			for _, s := range r.stmts {
				s.Close()
			}
		}()
		ctx = context.WithValue(ctx, rxKey{}, r)
		if err := fn(ctx); err != nil {
			return err
		}
		if err := db.flushRows(ctx); err != nil {
			return err
		}
		if r.flushErr != nil {
			return r.flushErr
		}
		return db.indexEntries(ctx, r.touched, r.stale)
	})
	if err == nil && r.rows >= bigTx {
		db.checkpointSoon()
	}
	return err
}

// Savepoint runs fn inside InTx's transaction so that an error from fn undoes
// only what fn wrote; the error is returned and the transaction goes on.
func (db *DB) Savepoint(ctx context.Context, fn func(ctx context.Context) error) error {
	r, ok := ctx.Value(rxKey{}).(*rx)
	if !ok {
		return db.InTx(ctx, fn)
	}
	r.sp++
	name := "sp" + strconv.Itoa(r.sp)
	if err := db.flushRows(ctx); err != nil { // rows gathered before belong before the savepoint
		return err
	}
	if _, err := r.tx.ExecContext(ctx, "SAVEPOINT "+name); err != nil {
		return fmt.Errorf("store: savepoint: %w", err)
	}
	err := fn(ctx)
	if err == nil {
		err = db.flushRows(ctx) // and rows gathered inside it, inside
	}
	if err != nil {
		r.pending, r.entryKeys, r.updates, r.updateOrder, r.statuses = r.pending[:0], nil, nil, nil, nil // (a key written before the savepoint is then refused at the write)
		if _, rerr := r.tx.ExecContext(ctx, "ROLLBACK TO "+name); rerr != nil {
			return errors.Join(err, fmt.Errorf("store: roll back to savepoint: %w", rerr))
		}
		_, _ = r.tx.ExecContext(ctx, "RELEASE "+name)
		return err
	}
	if _, err := r.tx.ExecContext(ctx, "RELEASE "+name); err != nil {
		return fmt.Errorf("store: release savepoint: %w", err)
	}
	return nil
}

func rxFrom(ctx context.Context) *rx { r, _ := ctx.Value(rxKey{}).(*rx); return r }

func (r *rx) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if s, ok := r.stmts[q]; ok {
		return s, nil
	}
	s, err := r.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	r.stmts[q] = s
	return s, nil
}

// exec runs a write in the context's transaction, or on its own.
func (db *DB) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if r := rxFrom(ctx); r != nil {
		if err := db.flushFor(ctx, r, q); err != nil {
			return nil, err
		}
		if r.statuses != nil && strings.Contains(q, "referrals") {
			r.statuses = nil // it may change a status read ahead
		}
		s, err := r.stmt(ctx, q)
		if err != nil {
			return nil, err
		}
		return s.ExecContext(stmtCtx, args...)
	}
	return db.W.ExecContext(ctx, q, args...)
}

// query reads in the context's transaction, or from the read pool.
func (db *DB) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if r := rxFrom(ctx); r != nil {
		if err := db.flushFor(ctx, r, q); err != nil {
			return nil, err
		}
		s, err := r.stmt(ctx, q)
		if err != nil {
			return nil, err
		}
		return s.QueryContext(stmtCtx, args...)
	}
	return db.R.QueryContext(ctx, q, args...)
}

func (db *DB) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if r := rxFrom(ctx); r != nil {
		db.flushForRow(ctx, r, q)
		if s, err := r.stmt(ctx, q); err == nil {
			return s.QueryRowContext(stmtCtx, args...)
		}
		return r.tx.QueryRowContext(ctx, q, args...)
	}
	return db.R.QueryRowContext(ctx, q, args...)
}

// SyncState is the receiver's progress on one object.
type SyncState struct {
	Object        string `json:"object"`
	Watermark     string `json:"watermark"`
	BackfillFrom  string `json:"backfill_from,omitempty"`
	LastRunAt     string `json:"last_run_at,omitempty"`
	LastSuccessAt string `json:"last_success_at,omitempty"`
	LastEntryAt   string `json:"last_entry_at,omitempty"`
	LastError     string `json:"last_error,omitempty"`
	EntriesTotal  int64  `json:"entries_total"`
	Advice        string `json:"advice,omitempty"`   // the failure in words: which object, which field, what to do
	RetryAt       string `json:"retry_at,omitempty"` // when a backing-off object is polled again
}

const syncCols = `object, watermark, backfill_from, last_run_at, last_success_at, last_entry_at, last_error, entries_total, advice, retry_at`

func scanSync(s interface{ Scan(...any) error }) (SyncState, error) {
	var st SyncState
	err := s.Scan(&st.Object, &st.Watermark, &st.BackfillFrom, &st.LastRunAt, &st.LastSuccessAt, &st.LastEntryAt, &st.LastError, &st.EntriesTotal, &st.Advice, &st.RetryAt)
	return st, err
}

// SyncState returns the progress on one object; an object never synced has
// an empty state (no error).
func (db *DB) SyncState(ctx context.Context, object string) (SyncState, error) {
	st, err := scanSync(db.queryRow(ctx, `SELECT `+syncCols+` FROM sync_state WHERE object = ?`, object))
	if errors.Is(err, sql.ErrNoRows) {
		return SyncState{Object: object}, nil
	}
	if err != nil {
		return SyncState{}, fmt.Errorf("store: sync state of %s: %w", object, err)
	}
	return st, nil
}

// SyncStates returns the progress on every object synced so far, by name.
func (db *DB) SyncStates(ctx context.Context) ([]SyncState, error) {
	rows, err := db.R.QueryContext(ctx, `SELECT `+syncCols+` FROM sync_state ORDER BY object`)
	if err != nil {
		return nil, fmt.Errorf("store: sync states: %w", err)
	}
	defer rows.Close()
	var out []SyncState
	for rows.Next() {
		st, err := scanSync(rows)
		if err != nil {
			return nil, fmt.Errorf("store: sync states: %w", err)
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// Watermark returns the object's watermark and pending backfill date ("" when unset).
func (db *DB) Watermark(ctx context.Context, object string) (watermark, backfillFrom string, err error) {
	st, err := db.SyncState(ctx, object)
	return st.Watermark, st.BackfillFrom, err
}

const ensureSync = `INSERT INTO sync_state (object) VALUES (?) ON CONFLICT (object) DO NOTHING`

// SetBackfill asks the next run of object to re-read from `from` (the admin's re-scan).
func (db *DB) SetBackfill(ctx context.Context, object, from string) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		if _, err := db.exec(ctx, ensureSync, object); err != nil {
			return fmt.Errorf("store: set backfill of %s: %w", object, err)
		}
		if _, err := db.exec(ctx, `UPDATE sync_state SET backfill_from = ? WHERE object = ?`, from, object); err != nil {
			return fmt.Errorf("store: set backfill of %s: %w", object, err)
		}
		return nil
	})
}

// SetWatermarkRx moves the object's watermark forward to watermark (never
// back) and counts n new entries; call it in the transaction that stores them.
func (db *DB) SetWatermarkRx(ctx context.Context, object, watermark string, n int) error {
	if _, err := db.exec(ctx, ensureSync, object); err != nil {
		return fmt.Errorf("store: watermark of %s: %w", object, err)
	}
	q := `UPDATE sync_state SET watermark = max(watermark, ?), entries_total = entries_total + ?,
		last_entry_at = CASE WHEN ? > 0 THEN ? ELSE last_entry_at END WHERE object = ?`
	if _, err := db.exec(ctx, q, watermark, n, n, db.Now(), object); err != nil {
		return fmt.Errorf("store: watermark of %s: %w", object, describeDiskError(err))
	}
	return nil
}

// AdvanceBackfillRx moves a pending backfill forward to `to` (never back), in
// the transaction that stores the entries up to it, so that a re-scan cut
// short (API budget, crash) resumes where it stopped instead of starting over.
func (db *DB) AdvanceBackfillRx(ctx context.Context, object, to string) error {
	_, err := db.exec(ctx, `UPDATE sync_state SET backfill_from = ? WHERE object = ? AND backfill_from <> '' AND backfill_from < ?`, to, object, to)
	if err != nil {
		return fmt.Errorf("store: advance backfill of %s: %w", object, describeDiskError(err))
	}
	return nil
}

// FinishSyncRun records the end of a run: its error ("" for success), and
// clears the backfill date when the run read everything it asked for.
func (db *DB) FinishSyncRun(ctx context.Context, object, runErr string, clearBackfill bool) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		if _, err := db.exec(ctx, ensureSync, object); err != nil {
			return fmt.Errorf("store: finish run of %s: %w", object, err)
		}
		now := db.Now()
		q := `UPDATE sync_state SET last_run_at = ?, last_error = ?,
			last_success_at = CASE WHEN ? = '' THEN ? ELSE last_success_at END,
			backfill_from = CASE WHEN ? THEN '' ELSE backfill_from END WHERE object = ?`
		if _, err := db.exec(ctx, q, now, runErr, runErr, now, clearBackfill, object); err != nil {
			return fmt.Errorf("store: finish run of %s: %w", object, err)
		}
		return nil
	})
}

// SetSyncProblem records why the object's sync fails, in words ("" when the
// error says enough or the run succeeded), and when it is polled again ("" for
// at the next interval).
func (db *DB) SetSyncProblem(ctx context.Context, object, advice, retryAt string) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		if _, err := db.exec(ctx, ensureSync, object); err != nil {
			return fmt.Errorf("store: sync problem of %s: %w", object, err)
		}
		if _, err := db.exec(ctx, `UPDATE sync_state SET advice = ?, retry_at = ? WHERE object = ?`, advice, retryAt, object); err != nil {
			return fmt.Errorf("store: sync problem of %s: %w", object, describeDiskError(err))
		}
		return nil
	})
}

// NotFound reports whether err means a row does not exist (ErrNotFound).
func (db *DB) NotFound(err error) bool { return errors.Is(err, ErrNotFound) }
