package store

import (
	"context"
	"fmt"
	"os"
)

// Backup writes a consistent copy of the database to path (which must not
// exist) while others keep reading and writing.
func (db *DB) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("store: backup: %s already exists; choose a new file name", path)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600) // VACUUM INTO fills an empty file, keeping its mode
	if err != nil {
		return fmt.Errorf("store: backup to %s: %w", path, err)
	}
	f.Close()
	if _, err := db.W.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		os.Remove(path)
		return fmt.Errorf("store: backup to %s: %w", path, describeDiskError(err))
	}
	return nil
}
