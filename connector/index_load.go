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

// loadIndex reads every referral each yields into add, in the order each
// yields them: the database is read in a goroutine while add builds the
// index here, so a large program's first load takes about as long as the
// index's own work (the reading overlaps it).
func loadIndex(ctx context.Context, each func(ctx context.Context, fn func(matching.Referral)) error, add func(matching.Referral)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []matching.Referral, 4)
	done := make(chan error, 1)
	go func() {
		defer close(batches)
		buf := make([]matching.Referral, 0, loadBatch)
		err := each(ctx, func(r matching.Referral) {
			if buf = append(buf, r); len(buf) == loadBatch {
				select {
				case batches <- buf:
				case <-ctx.Done():
				}
				buf = make([]matching.Referral, 0, loadBatch)
			}
		})
		if err == nil && len(buf) > 0 {
			batches <- buf
		}
		done <- err
	}()
	for b := range batches {
		for _, r := range b {
			add(r)
		}
	}
	return <-done
}
