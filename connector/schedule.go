package connector

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/google/uuid"

	"github.com/refsync/refsync/config"
)

// scheduler polls every configured object on its own gocron job.
type scheduler struct {
	s        gocron.Scheduler
	jobs     []gocron.Job
	cancel   context.CancelFunc
	parent   context.Context // Start's context, for a restart
	objects  []string
	interval time.Duration
	streams  *streamSet // the Streaming API under the same context (stream.go)
}

// Start polls every configured object every poll interval (the rules', else
// Options.Interval), one gocron job per object in singleton mode: never two
// runs of one object at once. The first runs start at once. Stop ends it.
func (r *Receiver) Start(ctx context.Context) error {
	r.schedMu.Lock()
	defer r.schedMu.Unlock()
	if r.sched != nil {
		return errors.New("connector: the scheduler is already running")
	}
	return r.startLocked(ctx)
}

func (r *Receiver) startLocked(ctx context.Context) error {
	set, err := r.ruleSet(ctx)
	if err != nil {
		return err
	}
	rules := set.merged
	// A stopped poll's context is cancelled and its page rolls back, so jobs end
	// quickly; the generous timeout only matters on a machine under heavy load.
	s, err := gocron.NewScheduler(gocron.WithStopTimeout(30 * time.Second))
	if err != nil {
		return fmt.Errorf("connector: start scheduler: %w", err)
	}
	runCtx, cancel := context.WithCancel(ctx)
	sc := &scheduler{s: s, cancel: cancel, parent: ctx, objects: rules.Polled(), interval: r.pollInterval(rules)}
	for _, object := range rules.Polled() {
		j, err := s.NewJob(gocron.DurationJob(sc.interval), gocron.NewTask(r.scheduledPoll, runCtx, object),
			gocron.WithName("sync "+object),
			gocron.WithSingletonMode(gocron.LimitModeReschedule),
			gocron.WithStartAt(gocron.WithStartImmediately()),
			gocron.WithEventListeners(gocron.AfterJobRunsWithPanic(func(_ uuid.UUID, name string, recovered any) {
				r.log.Error("sync job panicked; it runs again at the next interval", slog.String("job", name), slog.Any("panic", recovered))
				r.finish(runCtx, object, fmt.Errorf("internal error (panic): %v", recovered), false)
			})))
		if err != nil {
			cancel()
			_ = s.Shutdown()
			return fmt.Errorf("connector: schedule %s: %w", object, err)
		}
		sc.jobs = append(sc.jobs, j)
	}
	for _, schedule := range []func(gocron.Scheduler, context.Context) error{r.scheduleRuleCheck, r.schedulePruneChanges} {
		if err := schedule(s, runCtx); err != nil {
			cancel()
			_ = s.Shutdown()
			return err
		}
	}
	r.sched = sc
	s.Start()
	sc.streams = r.startStreams(runCtx)
	r.log.Info("sync scheduled", slog.Any("objects", rules.Polled()), slog.Duration("interval", sc.interval))
	return nil
}

// pollInterval is the rules' poll interval, else the bootstrap one.
func (r *Receiver) pollInterval(rules *config.Rules) time.Duration {
	if d := rules.PollInterval.Std(); d > 0 {
		return d
	}
	return r.interval
}

// Stop cancels running polls (their open transaction rolls back; nothing is
// half-stored) and shuts the scheduler down, waiting for the jobs to return.
func (r *Receiver) Stop() error {
	r.schedMu.Lock()
	defer r.schedMu.Unlock()
	return r.stopLocked()
}

func (r *Receiver) stopLocked() error {
	if r.sched == nil {
		return nil
	}
	r.sched.cancel()
	r.sched.streams.wait()
	err := r.sched.s.Shutdown()
	r.sched = nil
	if err != nil {
		return fmt.Errorf("connector: stop scheduler: %w", err)
	}
	return nil
}

// restartIfChanged reschedules when the saved settings changed the watched
// objects or the poll interval; it reports whether it did (in the background).
func (r *Receiver) restartIfChanged(rules *config.Rules) bool {
	r.schedMu.Lock()
	sc := r.sched
	r.schedMu.Unlock()
	if sc == nil || (slices.Equal(sc.objects, rules.Polled()) && sc.interval == r.pollInterval(rules)) {
		return false
	}
	if !r.restarting.CompareAndSwap(false, true) {
		return true
	}
	go func() {
		defer r.restarting.Store(false)
		r.schedMu.Lock()
		defer r.schedMu.Unlock()
		if r.sched != sc {
			return // stopped or restarted meanwhile
		}
		if err := r.stopLocked(); err != nil {
			r.log.Warn("reschedule", slog.Any("err", err))
		}
		if err := r.startLocked(sc.parent); err != nil {
			r.log.Error("reschedule after a settings change failed; restart refsync", slog.Any("err", err))
		}
	}()
	return true
}

// runAll asks every job to run now (after a reconnect).
func (sc *scheduler) runAll() {
	for _, j := range sc.jobs {
		_ = j.RunNow()
	}
}

// scheduledPoll is one scheduled run of object: skipped while a SyncNow of
// the object runs, while the object backs off after failures, and while the
// connection is unauthorized (poll records that without calling Salesforce).
func (r *Receiver) scheduledPoll(ctx context.Context, object string) {
	st := r.object(object)
	if !st.run.TryLock() {
		return
	}
	defer st.run.Unlock()
	r.mu.Lock()
	wait := st.notUntil.Sub(r.now())
	r.mu.Unlock()
	if wait > 0 {
		r.log.Debug("sync backing off", slog.String("object", object), slog.Duration("for", wait.Round(time.Second)))
		return
	}
	set, err := r.ruleSet(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return // shutting down
		}
		r.log.Error("sync rules", slog.Any("err", err))
		r.finish(ctx, object, err, false)
		return
	}
	if r.restartIfChanged(set.merged) {
		return
	}
	_, err = r.poll(ctx, set, object)
	switch {
	case err == nil || ctx.Err() != nil:
	case errors.Is(err, ErrDiskFull): // said once per object and episode, not every interval
		if !st.diskFull {
			r.log.Error("sync paused", slog.String("object", object), slog.Any("err", err))
		}
	default:
		r.log.Warn("sync failed", slog.String("object", object), slog.Any("err", err))
	}
	st.diskFull = errors.Is(err, ErrDiskFull) // st.run is held: only this run touches it
}
