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
	if _, err := db.W.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("store: backup to %s: %w", path, describeDiskError(err))
	}
	return nil
}
