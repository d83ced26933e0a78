package connector

import (
	"context"

	"github.com/refsync/refsync/matching"
)

// referralCounter is a Sink that can say how many referrals a program has
// (*store.DB can), so the index makes room for them before loading them.
type referralCounter interface {
	CountReferrals(ctx context.Context, programID int64) (int, error)
}

// loadBatch is how many referrals the database reader hands the index at a time.
const loadBatch = 1024

// loadPreparers is how many goroutines prepare referrals (normalise them,
// compute their blocking keys) while the database is read and the index built.
const loadPreparers = 2

// loadIndex reads every referral each yields into ix, in the order each yields
// them (the order decides ties, so a load is deterministic): the database is
// read in one goroutine, batches are prepared on loadPreparers others, and
// they are added here in order, so a large program's first load takes about
// as long as the slowest of the three (they overlap).
func loadIndex(ctx context.Context, each func(ctx context.Context, fn func(matching.Referral)) error, ix *matching.Index) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type job struct {
		refs []matching.Referral
		out  chan []matching.Prepared
	}
	jobs := make(chan job, loadPreparers)
	order := make(chan chan []matching.Prepared, 2*loadPreparers+2)
	done := make(chan error, 1)
	for range loadPreparers {
		go func() {
			for j := range jobs {
				ps := make([]matching.Prepared, len(j.refs))
				for i, r := range j.refs {
					ps[i] = matching.PrepareReferral(r)
				}
				j.out <- ps
			}
		}()
	}
	go func() {
		defer close(order)
		defer close(jobs)
		send := func(b []matching.Referral) {
			j := job{refs: b, out: make(chan []matching.Prepared, 1)}
			select {
			case order <- j.out:
				jobs <- j // a preparer always takes it: they stop only when jobs closes
			case <-ctx.Done():
			}
		}
		buf := make([]matching.Referral, 0, loadBatch)
		err := each(ctx, func(r matching.Referral) {
			if buf = append(buf, r); len(buf) == loadBatch {
				send(buf)
				buf = make([]matching.Referral, 0, loadBatch)
			}
		})
		if err == nil && len(buf) > 0 {
			send(buf)
		}
		done <- err
	}()
	for out := range order {
		for _, p := range <-out {
			ix.AddPrepared(p)
		}
	}
	return <-done
}
