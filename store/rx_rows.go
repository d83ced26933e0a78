package store

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/refsync/refsync/matching"
)

// Rows the receiver writes for every entry that nothing reads back in the
// page (its history lines, the record's last snapshot, the referral's status
// history, the record's link) are gathered in InTx's transaction and written
// many rows per statement: before the transaction commits, before a savepoint
// begins or ends, and before any other statement of the transaction names a
// table they write (see flushFor). Outside InTx a row is written at once.
// Nothing else changes: the rows are in the same transaction, in the order
// they were added.

// rowKind is one batched INSERT: the columns of a row and what follows the
// VALUES lists (e.g. an ON CONFLICT clause).
type rowKind struct {
	insert string // INSERT INTO table (columns) VALUES
	cols   int
	tail   string
	what   string   // for errors: "history of entries"
	tables []string // the tables a row writes (its triggers' too): a statement naming one writes the gathered rows first

	fullOnce sync.Once
	full     string // statement(rowsPerStatement)
}

// rowsPerStatement is how many rows one batched INSERT writes at most.
const rowsPerStatement = 100

var (
	entryEventRows = &rowKind{insert: `INSERT INTO entry_history (entry_id, actor, action, outcome, reason, detail, created_at) VALUES `,
		cols: 7, what: "history of entries", tables: []string{"entry_history"}}
	snapshotRows = &rowKind{insert: `INSERT INTO record_snapshots (object, record_id, modstamp, fields) VALUES `, cols: 4,
		tail: ` ON CONFLICT (object, record_id) DO UPDATE SET modstamp = excluded.modstamp, fields = excluded.fields
		WHERE excluded.modstamp >= record_snapshots.modstamp`, what: "record snapshots", tables: []string{"record_snapshots"}}
	// entryRows is a new entry; in InTx's transaction its id is chosen as SQLite would (see nextEntryID).
	entryRows = &rowKind{insert: `INSERT INTO entries (id, program_id, object, record_id, modstamp, snapshot, rule, target_status, method,
		referral_id, score, candidates, outcome, reason, attempts, note, received_at, updated_at) VALUES `,
		cols: 18, what: "entries", tables: []string{"entries"}}
	statusHistoryRows = &rowKind{insert: `INSERT INTO referral_status_history (referral_id, from_status, to_status, actor, entry_id, note, created_at) VALUES `,
		cols: 7, what: "status history", tables: []string{"referral_status_history"}}
	// linkRows is sqlLink, many rows per statement, with the referral's program given (LinkRx).
	linkRows = &rowKind{insert: `INSERT INTO sf_links (record_id, program_id, object, referral_id, kind, remembered, created_at) VALUES `,
		cols: 7,
		tail: ` ON CONFLICT (program_id, record_id) DO UPDATE SET referral_id = excluded.referral_id, kind = excluded.kind,
			remembered = excluded.remembered, deleted_at = NULL
		WHERE sf_links.remembered = 0 OR excluded.remembered = 1`, what: "links", tables: []string{"sf_links", "referral_changes"}}
)

// pendingRows is what a transaction has gathered of one rowKind: the
// arguments of rowsPerStatement rows to a chunk, each written by one statement
// (a chunk is allocated once at its full size, never regrown).
type pendingRows struct {
	kind   *rowKind
	chunks [][]any
}

// addRow writes one row of kind: gathered when ctx carries InTx's
// transaction, else at once.
func (db *DB) addRow(ctx context.Context, kind *rowKind, args ...any) error {
	r := rxFrom(ctx)
	if r == nil || !r.batch {
		_, err := db.exec(ctx, kind.statement(1), args...)
		if err != nil {
			return fmt.Errorf("store: write %s: %w", kind.what, describeDiskError(err))
		}
		return nil
	}
	r.rows++
	var p *pendingRows
	for _, q := range r.pending {
		if q.kind == kind {
			p = q
			break
		}
	}
	if p == nil {
		p = &pendingRows{kind: kind}
		r.pending = append(r.pending, p)
	}
	if n := len(p.chunks); n == 0 || len(p.chunks[n-1]) == cap(p.chunks[n-1]) {
		p.chunks = append(p.chunks, make([]any, 0, kind.cols*rowsPerStatement))
	}
	last := &p.chunks[len(p.chunks)-1]
	*last = append(*last, args...)
	return nil
}

// statement is kind's INSERT of n rows.
func (k *rowKind) statement(n int) string {
	row := "(?" + strings.Repeat(", ?", k.cols-1) + ")"
	return k.insert + row + strings.Repeat(", "+row, n-1) + k.tail
}

// statementOf is statement(n), the text of a full chunk's made once.
func (k *rowKind) statementOf(n int) string {
	if n != rowsPerStatement {
		return k.statement(n)
	}
	k.fullOnce.Do(func() { k.full = k.statement(rowsPerStatement) })
	return k.full
}

// flushFor writes the gathered rows first when statement q names a table
// they write, so that q reads (or changes) what the transaction wrote so far.
func (db *DB) flushFor(ctx context.Context, r *rx, q string) error {
	if len(r.updateOrder) > 0 && strings.Contains(q, "referrals") {
		if err := db.flushUpdate(ctx, r); err != nil {
			return err
		}
	}
	if len(r.pending) == 0 {
		return nil
	}
	for _, p := range r.pending {
		for _, t := range p.kind.tables {
			if strings.Contains(q, t) {
				return db.flushRows(ctx)
			}
		}
	}
	return nil
}

// flushRows writes every gathered row of the context's transaction.
func (db *DB) flushRows(ctx context.Context) error {
	r := rxFrom(ctx)
	if r == nil {
		return nil
	}
	if err := db.flushUpdate(ctx, r); err != nil {
		return err
	}
	sort.SliceStable(r.pending, func(i, j int) bool { return r.pending[i].kind == entryRows && r.pending[j].kind != entryRows }) // the rows below name entries
	for _, p := range r.pending {
		for _, args := range p.chunks {
			s, err := r.stmt(ctx, p.kind.statementOf(len(args)/p.kind.cols))
			if err == nil {
				_, err = s.ExecContext(stmtCtx, args...)
			}
			if err != nil && p.kind == entryRows && strings.Contains(err.Error(), "UNIQUE constraint failed") {
				return fmt.Errorf("store: entries: %w: already received", ErrConflict)
			}
			if err != nil {
				return fmt.Errorf("store: write %s: %w", p.kind.what, describeDiskError(err))
			}
		}
	}
	r.pending = r.pending[:0]
	return nil
}

// flushForRow is flushFor before a single-row read, which has no error of
// its own to return: a failure keeps the transaction from committing.
func (db *DB) flushForRow(ctx context.Context, r *rx, q string) {
	if err := db.flushFor(ctx, r, q); err != nil && r.flushErr == nil {
		r.flushErr = err
	}
}

// nextEntryID is the id of the transaction's next new entry: one more than
// the largest stored, as SQLite itself would choose, counted on from there
// (the transaction is the only writer; every new entry is InsertEntryRx's).
func (db *DB) nextEntryID(ctx context.Context, r *rx) (int64, error) {
	if r.nextEntry == 0 {
		if err := db.queryRow(ctx, `SELECT coalesce(max(id), 0) FROM entries`).Scan(&r.nextEntry); err != nil {
			return 0, fmt.Errorf("store: insert entry: %w", err)
		}
	}
	r.nextEntry++
	return r.nextEntry, nil
}

// newEntryKey notes e's idempotency key as written in the transaction; false
// when it was already. (A key stored before the transaction is refused when
// the rows are written: an ErrConflict too, and the transaction fails.)
func (r *rx) newEntryKey(e *matching.Entry) bool {
	k := [4]string{strconv.FormatInt(e.ProgramID, 10), e.Object, e.RecordID, e.Modstamp}
	if r.entryKeys[k] {
		return false
	}
	if r.entryKeys == nil {
		r.entryKeys = map[[4]string]bool{}
	}
	r.entryKeys[k] = true
	return true
}
