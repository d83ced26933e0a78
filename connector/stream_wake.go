package connector

import (
	"context"
	"fmt"
	"log/slog"
	"time"
)

// waker polls object each time its events arrive, then stores the newest replay id the poll
// covered: every change announced before the poll started is in what the poll read, so a
// restart that resumes after that id loses nothing.
func (ss *session) waker(ctx context.Context, object string) {
	o := ss.obj(object)
	for {
		select {
		case <-ctx.Done():
			return
		case <-o.wake:
		}
		ss.mu.Lock()
		latest, n, channel, saved := o.latest, o.pending, o.channel, o.saved
		o.pending = 0
		ss.mu.Unlock()
		interval, err := ss.r.wakePoll(ctx, object)
		if gap := ss.r.wakeGap(interval); gap > 0 {
			ss.r.log.Debug("woken polls spaced out: the API budget is half spent", slog.String("object", object), slog.Duration("gap", gap))
			select { // events meanwhile merge into one poll after the gap
			case <-ctx.Done():
				return
			case <-time.After(gap):
			}
		}
		if err != nil {
			if ctx.Err() == nil {
				ss.r.log.Debug("woken poll failed; the scheduled poll retries", slog.String("object", object), slog.Any("err", err))
			}
			ss.mu.Lock()
			o.pending += n
			ss.mu.Unlock()
			continue
		}
		if latest <= saved && n == 0 {
			continue
		}
		if err := ss.st.SaveStreamReplay(context.WithoutCancel(ctx), object, channel, latest, n); err != nil {
			ss.r.log.Warn("store stream replay id", slog.String("object", object), slog.Any("err", err))
			continue
		}
		ss.mu.Lock()
		o.saved = max(o.saved, latest)
		ss.mu.Unlock()
	}
}

// wakeGap is how long an object waits after a woken poll before the next: no time while the
// org's API usage is under half its daily allowance; above, a tenth of the poll interval, so a
// busy stream cannot spend the budget the scheduled polls need.
func (r *Receiver) wakeGap(interval time.Duration) time.Duration {
	u := r.crm.State().Usage
	if u.Max <= 0 || u.Used*2 < u.Max {
		return 0
	}
	return interval / 10
}

// wakePoll polls object now, after a run of it that is under way (the scheduler's or a
// SyncNow), unless the object is backing off after failures; it returns the poll interval.
func (r *Receiver) wakePoll(ctx context.Context, object string) (time.Duration, error) {
	st := r.object(object)
	st.run.Lock()
	defer st.run.Unlock()
	r.mu.Lock()
	wait := st.notUntil.Sub(r.now())
	r.mu.Unlock()
	if wait > 0 {
		return r.interval, fmt.Errorf("connector: %s backs off for %s after failed polls", object, wait.Round(time.Second))
	}
	set, err := r.ruleSet(ctx)
	if err != nil {
		return r.interval, err
	}
	_, err = r.poll(ctx, set, object)
	return r.pollInterval(set.merged), err
}
