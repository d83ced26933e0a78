package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
)

// ErrCorrupt: the database file is damaged (SQLite's integrity checks fail).
var ErrCorrupt = errors.New("the database file is damaged")

// ErrEmptyFile: the database path names an empty file, which SQLite would
// silently take for a new database.
var ErrEmptyFile = errors.New("the database file is empty")

// CheckIntegrity runs SQLite's quick_check (quick: fast, for start-up) or its
// full integrity_check, and returns nil when they find nothing, else an error
// wrapping ErrCorrupt that names the first problems and what to do.
func (db *DB) CheckIntegrity(ctx context.Context, quick bool) error {
	pragma := "integrity_check(20)"
	if quick {
		pragma = "quick_check(20)"
	}
	found, err := queryStrings(ctx, db.R, "PRAGMA "+pragma)
	if err != nil {
		found = []string{err.Error()}
	}
	if len(found) == 1 && found[0] == "ok" {
		return nil
	}
	return fmt.Errorf("store: %s: %w (PRAGMA %s: %s): stop refsync, keep a copy of the file, and put back your latest backup "+
		"(`refsync backup` makes them); `sqlite3 %s .recover` may save what is left",
		db.Path, ErrCorrupt, pragma, strings.Join(found, "; "), db.Path)
}

// refuseEmpty returns ErrEmptyFile when path is an existing empty file with
// no write-ahead log beside it: a database lost its contents (or the wrong
// file was named), and treating it as new would start over without a word.
func refuseEmpty(path string) error {
	st, err := os.Stat(path)
	if err != nil || st.Size() > 0 || !st.Mode().IsRegular() {
		return nil
	}
	if wal, err := os.Stat(path + "-wal"); err == nil && wal.Size() > 0 {
		return nil
	}
	return fmt.Errorf("store: %s: %w (0 bytes), so it is not opened as a new database: if it should hold your data, "+
		"put back your latest backup; to start a new database, delete the empty file and run the command again", path, ErrEmptyFile)
}
