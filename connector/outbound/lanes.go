package outbound

import (
	"context"
	"sync"
)

// Runner is every lane of the process, started and stopped together. Jobs a
// stopped or crashed process had claimed are taken back for every kind at
// once before a start, under the worker lock (store.DB.ReclaimJobs with kind "").
type Runner struct {
	Lanes []*Lane
}

// Start runs every lane until ctx ends; wait blocks until all have stopped.
func (r *Runner) Start(ctx context.Context) (wait func()) {
	var wg sync.WaitGroup
	for _, l := range r.Lanes {
		wg.Go(func() { l.Start(ctx) })
	}
	return wg.Wait
}
