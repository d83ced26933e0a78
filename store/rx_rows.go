package store

import (
	"context"
	"fmt"
	"strings"
)

// Append-only rows the receiver writes for every entry (its history lines,
// the record's last snapshot) are gathered in InTx's transaction and written
// many rows per statement: before the transaction commits, before a savepoint
// begins or ends, and before anything in the transaction reads their table.
// Outside InTx a row is written at once. Nothing else changes: the rows are in
// the same transaction, in the order they were added.

// rowKind is one batched INSERT: the columns of a row and what follows the
// VALUES lists (e.g. an ON CONFLICT clause).
type rowKind struct {
	insert string // INSERT INTO table (columns) VALUES
	cols   int
	tail   string
	what   string // for errors: "history of entries"
}

// rowsPerStatement is how many rows one batched INSERT writes at most.
const rowsPerStatement = 100

var (
	entryEventRows = &rowKind{insert: `INSERT INTO entry_history (entry_id, actor, action, outcome, reason, detail, created_at) VALUES `,
		cols: 7, what: "history of entries"}
	snapshotRows = &rowKind{insert: `INSERT INTO record_snapshots (object, record_id, modstamp, fields) VALUES `, cols: 4,
		tail: ` ON CONFLICT (object, record_id) DO UPDATE SET modstamp = excluded.modstamp, fields = excluded.fields
		WHERE excluded.modstamp >= record_snapshots.modstamp`, what: "record snapshots"}
)

// pendingRows is what a transaction has gathered of one rowKind.
type pendingRows struct {
	kind *rowKind
	args []any
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
	for _, p := range r.pending {
		if p.kind == kind {
			p.args = append(p.args, args...)
			return nil
		}
	}
	r.pending = append(r.pending, &pendingRows{kind: kind, args: append([]any(nil), args...)})
	return nil
}

// statement is kind's INSERT of n rows.
func (k *rowKind) statement(n int) string {
	row := "(?" + strings.Repeat(", ?", k.cols-1) + ")"
	return k.insert + row + strings.Repeat(", "+row, n-1) + k.tail
}

// flushRows writes every gathered row of the context's transaction.
func (db *DB) flushRows(ctx context.Context) error {
	r := rxFrom(ctx)
	if r == nil {
		return nil
	}
	for _, p := range r.pending {
		for len(p.args) > 0 {
			n := min(len(p.args)/p.kind.cols, rowsPerStatement)
			s, err := r.stmt(ctx, p.kind.statement(n))
			if err == nil {
				_, err = s.ExecContext(stmtCtx, p.args[:n*p.kind.cols]...)
			}
			if err != nil {
				return fmt.Errorf("store: write %s: %w", p.kind.what, describeDiskError(err))
			}
			p.args = p.args[n*p.kind.cols:]
		}
	}
	r.pending = r.pending[:0]
	return nil
}
