package connector

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/google/uuid"
)

// changeLogPruner is a sink whose referral change log (the counter the
// matcher's index follows) grows with every change and is pruned now and then.
type changeLogPruner interface {
	PruneReferralChanges(ctx context.Context) (int64, error)
}

// pruneChangesEvery is how often serve prunes the referral change log (a
// variable for the test).
var pruneChangesEvery = 6 * time.Hour

// schedulePruneChanges prunes the sink's referral change log every
// pruneChangesEvery (the first time one interval after the start: a fresh
// log has nothing to prune).
func (r *Receiver) schedulePruneChanges(s gocron.Scheduler, ctx context.Context) error {
	p, ok := r.sink.(changeLogPruner)
	if !ok {
		return nil
	}
	_, err := s.NewJob(gocron.DurationJob(pruneChangesEvery), gocron.NewTask(func() {
		n, err := p.PruneReferralChanges(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			r.log.Warn("prune the referral change log", slog.Any("err", err))
		case n > 0:
			r.log.Info("pruned the referral change log", slog.Int64("rows", n))
		}
	}), gocron.WithName("prune referral changes"), gocron.WithSingletonMode(gocron.LimitModeReschedule),
		gocron.WithEventListeners(gocron.AfterJobRunsWithPanic(func(_ uuid.UUID, _ string, recovered any) {
			r.log.Error("pruning the referral change log panicked", slog.Any("panic", recovered))
		})))
	if err != nil {
		return fmt.Errorf("connector: schedule the change log prune: %w", err)
	}
	return nil
}
