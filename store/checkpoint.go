package store

import "context"

// bigTx is how many batched rows make a transaction worth a checkpoint
// afterwards (a sync page writes five per entry).
const bigTx = 500

// checkpointSoon copies the write-ahead log into the database file in the
// background after a large transaction (a passive checkpoint: it neither
// waits for nor holds up the writer or the readers), so that the writer's
// next commits do not stop to do it themselves. The writer's own automatic
// checkpoint stays the fallback; one runs at a time.
func (db *DB) checkpointSoon() {
	if !db.checkpointing.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer db.checkpointing.Store(false)
		_, _ = db.R.ExecContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)") // a closed pool: nothing to do
	}()
}
