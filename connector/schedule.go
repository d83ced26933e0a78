package connector

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/google/uuid"
)

// scheduler polls every configured object on its own gocron job.
type scheduler struct {
	s      gocron.Scheduler
	jobs   []gocron.Job
	cancel context.CancelFunc
}

// Start polls every configured object every poll interval (the rules', else
// Options.Interval), one gocron job per object in singleton mode: never two
// runs of one object at once. The first runs start at once. Stop ends it.
func (r *Receiver) Start(ctx context.Context) error {
	if r.sched != nil {
		return errors.New("connector: the scheduler is already running")
	}
	rules, err := r.Rules(ctx)
	if err != nil {
		return err
	}
	interval := rules.PollInterval.Std()
	if interval <= 0 {
		interval = r.interval
	}
	s, err := gocron.NewScheduler()
	if err != nil {
		return fmt.Errorf("connector: start scheduler: %w", err)
	}
	runCtx, cancel := context.WithCancel(ctx)
	sc := &scheduler{s: s, cancel: cancel}
	for _, object := range rules.Objects {
		j, err := s.NewJob(gocron.DurationJob(interval), gocron.NewTask(r.scheduledPoll, runCtx, object),
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
	r.sched = sc
	s.Start()
	r.log.Info("sync scheduled", slog.Any("objects", rules.Objects), slog.Duration("interval", interval))
	return nil
}

// Stop cancels running polls (their open transaction rolls back; nothing is
// half-stored) and shuts the scheduler down, waiting for the jobs to return.
func (r *Receiver) Stop() error {
	if r.sched == nil {
		return nil
	}
	r.sched.cancel()
	err := r.sched.s.Shutdown()
	r.sched = nil
	if err != nil {
		return fmt.Errorf("connector: stop scheduler: %w", err)
	}
	return nil
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
	rules, err := r.Rules(ctx)
	if err != nil {
		r.log.Error("sync rules", slog.Any("err", err))
		r.finish(ctx, object, err, false)
		return
	}
	if _, err := r.poll(ctx, rules, object); err != nil && ctx.Err() == nil {
		r.log.Warn("sync failed", slog.String("object", object), slog.Any("err", err))
	}
}
