package connector

import (
	"context"
	"errors"

	"github.com/refsync/refsync/matching"
)

// errDryRun ends a dry run's transaction: InTx rolls it back, so nothing the
// pipeline wrote during the run is kept.
var errDryRun = errors.New("connector: dry run, rolled back")

// StatusMove is a referral status change the pipeline made (or, in a dry
// run, would make) for an entry.
type StatusMove struct {
	ReferralID string `json:"referral_id"`
	From       string `json:"from"`
	To         string `json:"to"`
	EntryID    int64  `json:"entry_id"`
}

// dryRunSink is the Sink of the pipeline's dry-run mode: every call goes to
// the real Sink, inside a transaction that is always rolled back (dryRun),
// so the guards, links and mapped fields behave exactly as live; on the way
// it records the status changes the pass made. The entries' own rows and
// history are not written at all.
type dryRunSink struct {
	Sink
	moves []StatusMove
}

// ApplyStatusRx applies the status in the doomed transaction and records the move.
func (d *dryRunSink) ApplyStatusRx(ctx context.Context, referralID, to, actor string, entryID int64, eventAt string, override bool) (string, bool, string, error) {
	from, changed, refusal, err := d.Sink.ApplyStatusRx(ctx, referralID, to, actor, entryID, eventAt, override)
	if err == nil && changed {
		d.moves = append(d.moves, StatusMove{ReferralID: referralID, From: from, To: to, EntryID: entryID})
	}
	return from, changed, refusal, err
}

// UpdateEntryRx keeps the entry's row as it is: a dry run reports the
// entry's new decision instead of storing it (nothing in the pass reads it back).
func (d *dryRunSink) UpdateEntryRx(context.Context, *matching.Entry, ...matching.EntryEvent) error {
	return nil
}

// AddEntryEventRx writes no history line: the preview is not something that happened to the entry.
func (d *dryRunSink) AddEntryEventRx(context.Context, int64, matching.EntryEvent) error { return nil }

// dryRun runs fn with a receiver in dry-run mode (its passes write through
// dryRunSink) inside one transaction of the real Sink, then rolls the
// transaction back. The live receiver's programs and indexes are not touched.
func (r *Receiver) dryRun(ctx context.Context, fn func(ctx context.Context, dry *Receiver, rec *dryRunSink) error) error {
	rec := &dryRunSink{Sink: r.sink}
	dry := &Receiver{sink: rec, settings: r.settings, fallback: r.fallback, interval: r.interval, log: r.log, now: r.now,
		progs: map[int64]*program{}, objects: map[string]*objectState{}}
	err := r.sink.InTx(ctx, func(ctx context.Context) error {
		if err := fn(ctx, dry, rec); err != nil {
			return err
		}
		return errDryRun
	})
	if errors.Is(err, errDryRun) {
		return nil
	}
	return err
}

// undo runs fn inside a savepoint of the dry run's transaction and rolls
// back to it, so the next fn starts from the same database.
func (d *dryRunSink) undo(ctx context.Context, fn func(ctx context.Context) error) error {
	err := d.Savepoint(ctx, func(ctx context.Context) error {
		if err := fn(ctx); err != nil {
			return err
		}
		return errDryRun
	})
	if errors.Is(err, errDryRun) {
		return nil
	}
	return err
}

// privateIndex loads a program's referrals into a new matcher index, for a
// dry run whose pass may add or drop referrals that never exist.
func (r *Receiver) privateIndex(ctx context.Context, program int64) (*matching.Index, error) {
	ix := matching.NewIndex()
	if err := r.sink.EachReferral(ctx, program, ix.Add); err != nil {
		return nil, err
	}
	return ix, nil
}
