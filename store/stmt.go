package store

import (
	"context"
	"database/sql"
)

// withStatements makes ctx carry tx with a cache of statements prepared on it
// (the same mechanism as InTx), so per-row paths such as imports don't re-parse
// their SQL for every row. The statements close when release is called.
func withStatements(ctx context.Context, tx *sql.Tx) (_ context.Context, release func()) {
	if r := rxFrom(ctx); r != nil && r.tx == tx {
		return ctx, func() {}
	}
	r := &rx{tx: tx, stmts: map[string]*sql.Stmt{}}
	return context.WithValue(ctx, rxKey{}, r), func() {
		for _, s := range r.stmts {
			s.Close()
		}
	}
}

// txExec runs a write in tx, on a statement prepared once per transaction when
// ctx carries tx (withStatements, InTx), else directly.
func (db *DB) txExec(ctx context.Context, tx *sql.Tx, query string, args ...any) (sql.Result, error) {
	if r := rxFrom(ctx); r != nil && r.tx == tx {
		if s, err := r.stmt(ctx, query); err == nil {
			return s.ExecContext(stmtCtx, args...)
		}
	}
	return tx.ExecContext(ctx, query, args...)
}

// txQueryRow is txExec for a single-row query.
func (db *DB) txQueryRow(ctx context.Context, tx *sql.Tx, query string, args ...any) *sql.Row {
	if r := rxFrom(ctx); r != nil && r.tx == tx {
		if s, err := r.stmt(ctx, query); err == nil {
			return s.QueryRowContext(stmtCtx, args...)
		}
	}
	return tx.QueryRowContext(ctx, query, args...)
}
