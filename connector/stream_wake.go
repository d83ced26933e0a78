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
		if err := ss.r.wakePoll(ctx, object); err != nil {
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

// wakePoll polls object now, after a run of it that is under way (the scheduler's or a
// SyncNow), unless the object is backing off after failures.
func (r *Receiver) wakePoll(ctx context.Context, object string) error {
	st := r.object(object)
	st.run.Lock()
	defer st.run.Unlock()
	r.mu.Lock()
	wait := st.notUntil.Sub(r.now())
	r.mu.Unlock()
	if wait > 0 {
		return fmt.Errorf("connector: %s backs off for %s after failed polls", object, wait.Round(time.Second))
	}
	set, err := r.ruleSet(ctx)
	if err != nil {
		return err
	}
	_, err = r.poll(ctx, set, object)
	return err
}
