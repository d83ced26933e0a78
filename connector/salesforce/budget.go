package salesforce

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Run counts the API calls of one sync run against the per-run budget (RunFraction of the daily
// allowance). A run is carried by the context BeginRun returns: every call made with that context
// (or one derived from it) counts toward the run, and is refused with ErrLimited once the run has
// used its share. Calls made without a run context only count toward the daily cap. Concurrent
// pollers of one sync cycle should share one run context; call End when the cycle is over.
type Run struct {
	calls atomic.Int64
	ended atomic.Bool
}

type runKey struct{}

// BeginRun starts a run and returns the context to make its calls with.
func (c *Client) BeginRun(ctx context.Context) (context.Context, *Run) {
	r := &Run{}
	return context.WithValue(ctx, runKey{}, r), r
}

// End closes the run; later calls with its context no longer count toward it.
func (r *Run) End() { r.ended.Store(true) }

// Calls returns the API calls made in this run so far.
func (r *Run) Calls() int { return int(r.calls.Load()) }

func runFrom(ctx context.Context) *Run {
	r, _ := ctx.Value(runKey{}).(*Run)
	if r == nil || r.ended.Load() {
		return nil
	}
	return r
}

// countCall records one HTTP call for the client and the context's run.
func (c *Client) countCall(ctx context.Context) {
	c.calls.Add(1)
	if r := runFrom(ctx); r != nil {
		r.calls.Add(1)
	}
}

// observeLimitInfo reads a Sforce-Limit-Info header ("api-usage=18/5000[, per-app-api-usage=…]").
func (c *Client) observeLimitInfo(h string) {
	for _, part := range strings.Split(h, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || k != "api-usage" {
			continue
		}
		u, m, ok := strings.Cut(v, "/")
		used, err1 := strconv.Atoi(strings.TrimSpace(u))
		max, err2 := strconv.Atoi(strings.TrimSpace(m))
		if ok && err1 == nil && err2 == nil && max > 0 {
			c.setUsage(used, max)
		}
	}
}

func (c *Client) setUsage(used, max int) {
	c.mu.Lock()
	c.usage = Usage{Used: used, Max: max, At: time.Now()}
	c.mu.Unlock()
}

// Usage returns the API usage as last reported by Salesforce.
func (c *Client) Usage() Usage {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.usage
}

// checkBudget refuses a call when the daily cap or the run's share is spent. While the daily cap
// is spent, one call per Recheck interval goes through so fresh usage is read from its header.
func (c *Client) checkBudget(ctx context.Context) error {
	u := c.Usage()
	if u.Max <= 0 {
		return nil
	}
	daily := int(c.config().DailyFraction * float64(u.Max))
	if u.Used >= daily && time.Since(u.At) < c.config().Recheck {
		msg := fmt.Sprintf("API budget spent: %d/%d requests used in the last 24 hours (%.0f %% cap); "+
			"sync waits until usage falls below %d (next check after %s)",
			u.Used, u.Max, c.config().DailyFraction*100, daily, u.At.Add(c.config().Recheck).UTC().Format("15:04 UTC"))
		return &connError{kind: ErrLimited, msg: msg, cause: fmt.Errorf("daily API budget spent")}
	}
	r := runFrom(ctx)
	perRun := int(c.config().RunFraction * float64(u.Max))
	if r != nil && r.Calls() >= perRun {
		msg := fmt.Sprintf("API budget for this run spent: %d requests of the %d allowed per run (%.0f %% of the daily %d); "+
			"the rest waits for the next run", r.Calls(), perRun, c.config().RunFraction*100, u.Max)
		return &connError{kind: ErrLimited, msg: msg, cause: fmt.Errorf("run API budget spent")}
	}
	return nil
}
