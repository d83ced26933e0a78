package store

import (
	"context"
	"encoding/json"
	"reflect"
	"sync/atomic"
	"unsafe"
)

// A page's snapshots are encoded to JSON by a background goroutine while the
// page's transaction writes, so the encoding leaves the writer's path: the
// entry stored is the same, only who encoded it differs. The writer takes an
// encoding that is ready and encodes a map itself when its turn came first.

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
	b, _ := json.Marshal(m)
	return string(b)
}
