package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"
)

// ErrDiskFull: a write failed because the disk holding the database is full.
// Nothing already stored is lost; writes work again once there is room.
var ErrDiskFull = errors.New("the disk holding the database is full")

// isDiskFull reports whether err is SQLite's "database or disk is full".
func isDiskFull(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrDiskFull) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "SQLITE_FULL") || strings.Contains(msg, "database or disk is full") || strings.Contains(msg, "disk is full")
}

// noteWrite records the outcome of a write transaction: a disk-full failure
// starts the disk-full state, a successful commit ends it.
//
// A small write can still fit on a disk too full for the sync's pages, so a
// commit ends the state only when there is room again (minRoom): health stays
// one state instead of flapping between each small success and the next
// failed sync run.
func (db *DB) noteWrite(err error) {
	switch {
	case err == nil:
		if db.fullSince.Load() != 0 && db.room() >= minRoom {
			db.fullSince.Store(0)
		}
	case isDiskFull(err):
		db.fullSince.CompareAndSwap(0, db.now().UnixNano())
	}
}

// minRoom is the free space that ends the disk-full state.
const minRoom = 16 << 20

// room is how many bytes the database may still grow by: the free space of
// its file system (where it can be read) and what SQLite's max_page_count
// leaves, whichever is less.
func (db *DB) room() int64 {
	room := freeBytes(filepath.Dir(db.Path))
	var pageSize, pages, maxPages int64
	if db.W.QueryRow(`PRAGMA page_size`).Scan(&pageSize) == nil && db.W.QueryRow(`PRAGMA page_count`).Scan(&pages) == nil &&
		db.W.QueryRow(`PRAGMA max_page_count`).Scan(&maxPages) == nil {
		if left := (maxPages - pages) * pageSize; room < 0 || left < room {
			room = left
		}
	}
	if room < 0 {
		return minRoom // unknown: the successful write is all there is to go by
	}
	return room
}

// DiskFull returns since when writes have been failing because the disk is
// full, or the zero time when the last write went through.
func (db *DB) DiskFull() time.Time {
	if n := db.fullSince.Load(); n != 0 {
		return time.Unix(0, n)
	}
	return time.Time{}
}

// describeDiskError adds what to do to SQLite's terse disk errors; a full
// disk is reported as ErrDiskFull (errors.Is).
func describeDiskError(err error) error {
	msg := err.Error()
	switch {
	case isDiskFull(err):
		return fmt.Errorf("%w (%v): free space on it and try again; nothing already stored was lost", ErrDiskFull, err)
	case strings.Contains(msg, "readonly") || strings.Contains(msg, "read-only"):
		return fmt.Errorf("%w: the database file is read-only; check its permissions", err)
	}
	return err
}
