package store

import (
	"errors"
	"fmt"
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
func (db *DB) noteWrite(err error) {
	switch {
	case err == nil:
		db.fullSince.Store(0)
	case isDiskFull(err):
		db.fullSince.CompareAndSwap(0, db.now().UnixNano())
	}
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
