// Package backoff is refsync's one retry schedule: a delay that doubles from a
// base up to a cap, with optional jitter, and a sleep that ends with its
// context. The Salesforce client, the sync's per-object pause and the outbound
// job runner all take their delays from it.
package backoff

import (
	"context"
	"math/rand/v2"
	"time"
)

// Policy is a doubling delay: Base before the second attempt, twice that
// before the third, and so on, never more than Max.
type Policy struct {
	Base time.Duration
	Max  time.Duration
	// Jitter is the share of each delay drawn at random (0: none, 0.5: a
	// delay d becomes somewhere in [d/2, d]), so retries of many jobs or
	// processes do not arrive together.
	Jitter float64
}

// Delay is the pause after the n-th failure in a row (n ≥ 1):
// Base·2^(n−1), capped at Max, less the random jitter share.
func (p Policy) Delay(n int) time.Duration {
	d := p.Base
	for i := 1; i < n && d < p.Max; i++ {
		d *= 2
	}
	if p.Max > 0 {
		d = min(d, p.Max)
	}
	if p.Jitter > 0 && d > 0 {
		span := time.Duration(float64(d) * min(p.Jitter, 1))
		d = d - span + rand.N(span+1)
	}
	return d
}

// Sleep waits d, or returns ctx's error as soon as ctx ends.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
