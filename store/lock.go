package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// ErrLocked: another process holds the database's worker lock (see LockWorkers).
var ErrLocked = errors.New("another refsync process runs the sync and the workers on this database")

// WorkerLock is held by the one process that runs the scheduled sync, the push
// worker and the webhook dispatcher on a database. The operating system drops
// it when that process ends, however it ends, so a crashed process never
// blocks its restart — and a process holding it knows that any job still
// "running" belongs to a process that died.
type WorkerLock struct {
	f    *os.File
	path string
}

// LockPath is the lock file next to the database file.
func (db *DB) LockPath() string { return realPath(db.Path) + ".workers.lock" } // keep in step with LockWorkersAt

// realPath is path with its symbolic links resolved (the file itself, or its
// folder while the file does not exist yet), so every name of one database
// shares one lock file.
func realPath(path string) string {
	if r, err := filepath.EvalSymlinks(path); err == nil {
		return r
	}
	if d, err := filepath.EvalSymlinks(filepath.Dir(path)); err == nil {
		return filepath.Join(d, filepath.Base(path))
	}
	return path
}

// LockWorkers takes the worker lock for what (e.g. "refsync serve"). When
// another process holds it, it returns an error wrapping ErrLocked that names
// that process and says what to do.
func (db *DB) LockWorkers(what string) (*WorkerLock, error) { return LockWorkersAt(db.Path, what) }

// LockWorkersAt is LockWorkers for the database file at dbPath, before it is
// opened (e.g. to hold the lock while the demo throws its old files away).
func LockWorkersAt(dbPath, what string) (*WorkerLock, error) {
	path := realPath(dbPath) + ".workers.lock"
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("store: open the lock file %s: %w", path, err)
	}
	ok, err := tryLock(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("store: lock %s: %w", path, err)
	}
	if !ok {
		holder, _ := os.ReadFile(path)
		f.Close()
		return nil, fmt.Errorf("%w (%s; lock file %s): stop it first, or give this one another --db — "+
			"two would poll Salesforce twice and deliver every webhook twice", ErrLocked, holderWords(holder), path)
	}
	info := fmt.Sprintf("pid=%d\nwhat=%s\nsince=%s\n", os.Getpid(), what, time.Now().UTC().Format(time.RFC3339))
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(info), 0)
	}
	return &WorkerLock{f: f, path: path}, nil
}

// Release gives the lock up (closing the file releases it).
func (l *WorkerLock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	_ = l.f.Truncate(0)
	err := l.f.Close()
	l.f = nil
	return err
}

// holderWords describes the process named in a lock file's text.
func holderWords(b []byte) string {
	kv := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			kv[k] = v
		}
	}
	pid, _ := strconv.Atoi(kv["pid"])
	if pid == 0 {
		return "it is starting up"
	}
	what := kv["what"]
	if what == "" {
		what = "refsync"
	}
	return fmt.Sprintf("%s, process %d, running since %s", what, pid, kv["since"])
}
