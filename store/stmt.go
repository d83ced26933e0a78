package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// stmtCache keeps statements prepared on the writer so hot transactional paths
// (imports, the receiver) don't re-parse their SQL for every row.
type stmtCache struct {
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

var caches sync.Map // *DB → *stmtCache

// hot lists the statements prepared once at Open. Preparing lazily inside a
// transaction would deadlock: the writer pool has a single connection.
var hot = map[string]bool{}

// hotSQL registers a query as hot and returns it unchanged.
func hotSQL(q string) string { hot[q] = true; return q }

// prepareHot prepares every hot statement on the writer.
func (db *DB) prepareHot(ctx context.Context) error {
	sc := &stmtCache{stmts: map[string]*sql.Stmt{}}
	for q := range hot {
		s, err := db.W.PrepareContext(ctx, q)
		if err != nil {
			return fmt.Errorf("store: prepare %q: %w", q, err)
		}
		sc.stmts[q] = s
	}
	caches.Store(db, sc)
	return nil
}

func (db *DB) prepared(query string) *sql.Stmt {
	c, ok := caches.Load(db)
	if !ok {
		return nil
	}
	return c.(*stmtCache).stmts[query]
}

// txExec runs a cached statement inside tx.
func (db *DB) txExec(ctx context.Context, tx *sql.Tx, query string, args ...any) (sql.Result, error) {
	if s := db.prepared(query); s != nil {
		return tx.StmtContext(ctx, s).ExecContext(ctx, args...)
	}
	return tx.ExecContext(ctx, query, args...)
}

// txQueryRow runs a cached single-row query inside tx.
func (db *DB) txQueryRow(ctx context.Context, tx *sql.Tx, query string, args ...any) *sql.Row {
	if s := db.prepared(query); s != nil {
		return tx.StmtContext(ctx, s).QueryRowContext(ctx, args...)
	}
	return tx.QueryRowContext(ctx, query, args...)
}

// forget drops the cache when the database closes.
func (db *DB) forgetStatements() {
	if c, ok := caches.LoadAndDelete(db); ok {
		sc := c.(*stmtCache)
		sc.mu.Lock()
		for _, s := range sc.stmts {
			s.Close()
		}
		sc.mu.Unlock()
	}
}
