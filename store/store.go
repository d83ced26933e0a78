// Package store keeps refsync's state in SQLite (modernc, no cgo): one writer
// connection for transactions and a pool of readers, migrations embedded as
// numbered .sql files.
package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"encoding/base32"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/refsync/refsync/config"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Sentinel errors; callers test them with errors.Is.
var (
	ErrNotFound   = errors.New("not found")
	ErrConflict   = errors.New("conflict")
	ErrInvalid    = errors.New("invalid")
	ErrTransition = errors.New("status change not allowed")
)

// DB is the refsync database: W is the single writer, R the read pool.
type DB struct {
	W    *sql.DB
	R    *sql.DB
	Path string
	now  func() time.Time
	box  *config.SecretBox // seals stored secrets; nil or keyless: stored as given
	// fullSince is when writes began failing on a full disk (UnixNano; 0: they do not).
	fullSince atomic.Int64
}

// TimeFormat is how every timestamp is stored: sortable text in UTC.
const TimeFormat = "2006-01-02T15:04:05.000000Z"

// Open opens (creating if needed) the database at path and applies pending migrations.
func Open(ctx context.Context, path string) (*DB, error) {
	db, err := openPools(path)
	if err != nil {
		return nil, err
	}
	if err := db.migrate(ctx, 0); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// openPools opens the writer and the read pool without migrating.
func openPools(path string) (*DB, error) {
	if err := privateFile(path); err != nil {
		return nil, err
	}
	dsn := func(txlock string) string {
		q := url.Values{}
		// temp_store MEMORY: statement journals (a savepoint, an insert into a table
		// with several unique keys) stay in memory instead of a temp file.
		// wal_autocheckpoint 8000 (32 MB): a sync page or an import batch dirties
		// about the default 1000 pages, so the writer checkpointed (and fsynced)
		// after nearly every commit.
		for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(NORMAL)", "cache_size(-32000)",
			"temp_store(MEMORY)", "wal_autocheckpoint(8000)"} {
			q.Add("_pragma", p)
		}
		if txlock != "" {
			q.Set("_txlock", txlock)
		}
		return "file:" + path + "?" + q.Encode()
	}
	w, err := sql.Open("sqlite", dsn("immediate"))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	r, err := sql.Open("sqlite", dsn(""))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	r.SetMaxOpenConns(max(4, runtime.NumCPU()*2))
	return &DB{W: w, R: r, Path: path, now: time.Now}, nil
}

// privateFile creates the database file (and its folder) readable by its
// owner only, before SQLite opens it: SQLite gives the -wal and -shm files the
// mode of the database file, so they are 0600 too. An existing file that
// others may read is tightened to 0600.
func privateFile(path string) error {
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file:") {
		return nil
	}
	if err := refuseEmpty(path); err != nil {
		return err
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("store: create folder for %s: %w", path, err)
		}
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("store: open %s: %w", path, err)
	}
	defer f.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if st, err := os.Stat(p); err == nil && st.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(p, 0o600); err != nil {
				return fmt.Errorf("store: make %s readable by its owner only: %w", p, err)
			}
		}
	}
	return nil
}

// Close closes both pools.
func (db *DB) Close() error {
	return errors.Join(db.R.Close(), db.W.Close())
}

// SetClock replaces the clock (tests).
func (db *DB) SetClock(now func() time.Time) { db.now = now }

// Now returns the store's clock, formatted as stored.
func (db *DB) Now() string { return db.now().UTC().Format(TimeFormat) }

// migrate applies every embedded migration not yet recorded, one transaction
// each; upTo > 0 stops after that version (tests build older databases).
func (db *DB) migrate(ctx context.Context, upTo int) error {
	if _, err := db.W.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("store: migrate %s: %w (is the file a refsync database and the disk writable?)", db.Path, err)
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("store: list migrations: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		base := filepath.Base(name)
		var version int
		if _, err := fmt.Sscanf(base, "%04d_", &version); err != nil {
			return fmt.Errorf("store: migration %s has no number prefix", base)
		}
		if upTo > 0 && version > upTo {
			break
		}
		if err := db.applyMigration(ctx, version, name); err != nil {
			return err
		}
	}
	return nil
}

func (db *DB) applyMigration(ctx context.Context, version int, name string) error {
	tx, err := db.W.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin migration %s: %w", name, err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
		return fmt.Errorf("store: check migration %s: %w", name, err)
	}
	if n > 0 {
		return nil
	}
	body, err := migrationFS.ReadFile(name)
	if err != nil {
		return fmt.Errorf("store: read migration %s: %w", name, err)
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return fmt.Errorf("store: apply migration %s: %w", name, err)
	}
	if step := migrationSteps[version]; step != nil {
		if err := step(ctx, tx); err != nil {
			return fmt.Errorf("store: apply migration %s: %w", name, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		version, filepath.Base(name), db.Now()); err != nil {
		return fmt.Errorf("store: record migration %s: %w", name, err)
	}
	return tx.Commit()
}

// Migrations lists the applied migrations, oldest first.
func (db *DB) Migrations(ctx context.Context) ([]string, error) {
	out, err := queryStrings(ctx, db.R, `SELECT name FROM schema_migrations ORDER BY version`)
	if err != nil {
		return nil, fmt.Errorf("store: list migrations: %w", err)
	}
	return out, nil
}

// querier is what *sql.DB and *sql.Tx share for reading.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// queryStrings returns the first column of every row of query.
func queryStrings(ctx context.Context, q querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Tx runs fn in one write transaction, committed when fn returns nil.
func (db *DB) Tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.W.BeginTx(ctx, nil)
	if err != nil {
		db.noteWrite(err)
		return fmt.Errorf("store: begin: %w", describeDiskError(err))
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		db.noteWrite(err)
		if isDiskFull(err) && !errors.Is(err, ErrDiskFull) {
			return describeDiskError(err)
		}
		return err
	}
	err = tx.Commit()
	db.noteWrite(err)
	if err != nil {
		return fmt.Errorf("store: commit: %w", describeDiskError(err))
	}
	return nil
}

var idEncoding = base32.NewEncoding("abcdefghijkmnpqrstuvwxyz23456789").WithPadding(base32.NoPadding)

// NewID returns prefix + 16 random, unguessable characters (80 bits).
func NewID(prefix string) string {
	b := make([]byte, 10)
	if _, err := rand.Read(b); err != nil {
		panic("store: no randomness: " + err.Error())
	}
	return prefix + idEncoding.EncodeToString(b)
}

// NormEmail lower-cases and trims an email for uniqueness checks.
func NormEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
