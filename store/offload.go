package store

import (
	"context"
	"encoding/json"
	"reflect"
	"sync/atomic"
	"unsafe"
)

// Work taken off the writer's path, done beside it on the other processor.
//
// A page's snapshots are encoded to JSON by a background goroutine while the
// page's transaction writes: the entry stored is the same, only who encoded
// it differs. The writer takes an encoding that is ready and encodes a map
// itself when its turn came first. And after a large transaction the WAL is
// copied into the database file in the background (checkpointSoon).

type aheadKey struct{}

// snapshotsAhead is the encodings of one page's snapshots.
type snapshotsAhead struct {
	at   map[unsafe.Pointer]int // a snapshot map → its place
	json []string
	done []atomic.Bool // json[i] is written
	stop atomic.Bool
}

// EncodeSnapshotsAhead returns ctx carrying the JSON encodings of snaps,
// worked out in order by a background goroutine while the caller goes on;
// InsertEntryRx and UpdateEntryRx within ctx use an encoding that is ready.
// The maps must not change meanwhile. Call stop when the page is done.
func (db *DB) EncodeSnapshotsAhead(ctx context.Context, snaps []map[string]any) (_ context.Context, stop func()) {
	a := &snapshotsAhead{at: make(map[unsafe.Pointer]int, len(snaps)), json: make([]string, len(snaps)), done: make([]atomic.Bool, len(snaps))}
	for i, m := range snaps {
		if m != nil {
			a.at[reflect.ValueOf(m).UnsafePointer()] = i
		}
	}
	go func() {
		for i, m := range snaps {
			if a.stop.Load() {
				return
			}
			if m != nil {
				a.json[i] = encodeSnapshot(m)
				a.done[i].Store(true)
			}
		}
	}()
	return context.WithValue(ctx, aheadKey{}, a), func() { a.stop.Store(true) }
}

// snapshotJSON is the encoding of m: made ahead when ready, else now.
func snapshotJSON(ctx context.Context, m map[string]any) string {
	if a, ok := ctx.Value(aheadKey{}).(*snapshotsAhead); ok && m != nil {
		if i, ok := a.at[reflect.ValueOf(m).UnsafePointer()]; ok && a.done[i].Load() {
			return a.json[i]
		}
	}
	return encodeSnapshot(m)
}

// encodeSnapshot is a snapshot as stored ("{}" for none).
func encodeSnapshot(m map[string]any) string {
	if m == nil {
		return "{}"
	}
	if b, ok := appendSnapshot(make([]byte, 0, 40*len(m)), m); ok {
		return unsafe.String(unsafe.SliceData(b), len(b)) // b is never written again
	}
	b, _ := json.Marshal(m) // what it refuses is "" as before
	return string(b)
}

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
