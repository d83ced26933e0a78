package outbound

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
)

// Runner is every lane of the process, started and stopped together.
type Runner struct {
	Lanes []*Lane
}

// Reclaim takes back, for every kind, the jobs a stopped or crashed process
// had claimed, so none waits out its lease. Call it only while holding the
// worker lock (no live process then has a claim). It returns how many jobs of
// each kind it took back.
func (r *Runner) Reclaim(ctx context.Context, log *slog.Logger) error {
	for _, l := range r.Lanes {
		n, err := l.Queue.ReclaimJobs(ctx, l.Kind.Name())
		if err != nil {
			return fmt.Errorf("outbound: take back %s jobs: %w", l.Kind.Name(), err)
		}
		if n > 0 && log != nil {
			log.Info("took back jobs a stopped refsync had claimed", slog.String("kind", l.Kind.Name()), slog.Int("jobs", n))
		}
	}
	return nil
}

// Start runs every lane until ctx ends; wait blocks until all have stopped.
func (r *Runner) Start(ctx context.Context) (wait func()) {
	var wg sync.WaitGroup
	for _, l := range r.Lanes {
		wg.Go(func() { l.Start(ctx) })
	}
	return wg.Wait
}
