// Package outbound is refsync's one durable runner for work that leaves the
// process: referral pushes and status write-back to Salesforce (connector/push),
// webhook deliveries (web/hook) and email (connector/mail). Each kind is a small Kind (what a job holds,
// how a batch is sent, what an outcome means); the runner owns the rest, once:
// claiming due jobs with a lease, taking back the jobs of a crashed process,
// retrying with the one backoff helper, classifying errors as transient or
// permanent (classify.go), batching, and stopping cleanly with its context.
package outbound

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/refsync/refsync/connector/backoff"
)

// Lane runs one kind. Queue and Kind are required.
type Lane struct {
	Queue       Queue
	Kind        Kind
	Logger      *slog.Logger
	Batch       int            // jobs claimed per run; default 200
	Lease       time.Duration  // how long a claim lasts before another worker may take the job; default 10m
	Backoff     backoff.Policy // delay before retry n; default 30s doubling to 4h, a quarter jittered
	MaxAttempts int            // attempts before a job is given up; default 12 (0 keeps the default; see RetryFor)
	RetryFor    time.Duration  // also give a job up once it is this old; 0: no age limit
	Interval    time.Duration  // Start's pause when idle; default 5s
	Now         func() time.Time

	once sync.Once
	wake chan struct{}
}

func (l *Lane) defaults() {
	l.once.Do(func() {
		l.wake = make(chan struct{}, 1)
		if l.Logger == nil {
			l.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
		}
		if l.Batch <= 0 {
			l.Batch = 200
		}
		if l.Lease <= 0 {
			l.Lease = 10 * time.Minute
		}
		if l.Backoff.Base <= 0 {
			l.Backoff = backoff.Policy{Base: 30 * time.Second, Max: 4 * time.Hour, Jitter: 0.25}
		}
		if l.MaxAttempts <= 0 {
			l.MaxAttempts = 12
		}
		if l.Interval <= 0 {
			l.Interval = 5 * time.Second
		}
		if l.Now == nil {
			l.Now = time.Now
		}
	})
}

// Wake makes a running Start look for jobs now instead of after its pause. It never blocks.
func (l *Lane) Wake() {
	l.defaults()
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// Start runs the lane until ctx ends: one run, again at once while runs find
// work, else after Interval or a Wake. Errors are logged, never fatal. It
// returns when ctx is done; a batch in flight finishes its recording first
// only if ctx allows (an unrecorded batch is taken back at the next start).
func (l *Lane) Start(ctx context.Context) {
	l.defaults()
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-l.wake:
		}
		n, err := l.RunOnce(ctx)
		if err != nil && ctx.Err() == nil {
			l.Logger.Error("outbound "+l.Kind.Name(), slog.String("error", err.Error()))
		}
		next := l.Interval
		if n > 0 && err == nil {
			next = 0
		}
		t.Reset(next)
	}
}

// RunOnce claims one batch of due jobs, sends it and settles every job that
// was not finished: retried with backoff when its error is transient and it
// has attempts left, else given up with the error's words. It returns how
// many jobs it claimed and the error Send reported.
func (l *Lane) RunOnce(ctx context.Context) (int, error) {
	l.defaults()
	if p, ok := l.Kind.(Producer); ok {
		if err := p.Produce(ctx); err != nil {
			return 0, err
		}
	}
	if g, ok := l.Kind.(Gate); ok {
		if ready, err := g.Ready(ctx); err != nil || !ready {
			return 0, err
		}
	}
	var jobs []Job
	err := l.Queue.ClaimJobsEach(ctx, l.Kind.Name(), l.Batch, l.Lease, func(id int64, ref string, attempts int, queued string) {
		at, _ := time.Parse(time.RFC3339Nano, queued)
		jobs = append(jobs, Job{ID: id, Kind: l.Kind.Name(), Ref: ref, Attempts: attempts, Queued: at})
	})
	if err != nil || len(jobs) == 0 {
		return 0, err
	}
	errs, sendErr := l.Kind.Send(ctx, jobs)
	if ctx.Err() != nil {
		return len(jobs), ctx.Err() // stopping: unsettled jobs are taken back at the next start
	}
	return len(jobs), errors.Join(sendErr, l.settle(ctx, jobs, errs))
}

// NextAttempt is when to try a job again after its attempts-th failed
// attempt (Backoff, never past RetryFor from when it was queued), or zero when
// it is given up: out of attempts, or retried for RetryFor already.
func (l *Lane) NextAttempt(attempts int, queued time.Time) time.Time {
	l.defaults()
	now := l.Now()
	if attempts >= l.MaxAttempts || (l.RetryFor > 0 && !queued.IsZero() && now.Sub(queued) >= l.RetryFor) {
		return time.Time{}
	}
	next := now.Add(l.Backoff.Delay(attempts))
	if end := queued.Add(l.RetryFor); l.RetryFor > 0 && !queued.IsZero() && next.After(end) {
		next = end
	}
	return next
}

// waitFor is a job not tried because another one of its batch just failed.
type waitFor struct{ job int64 }

func (e *waitFor) Error() string { return fmt.Sprintf("not tried: waits for job %d's next try", e.job) }
func (e *waitFor) Unwrap() error { return ErrNotTried }

// WaitFor marks a job not tried in this run that waits for job's next try
// (e.g. a webhook's other events, once its endpoint failed): it is put back,
// uncounted, due when job is.
func WaitFor(job int64) error { return &waitFor{job} }

// settle retries or gives up the jobs Send returned errors for.
func (l *Lane) settle(ctx context.Context, jobs []Job, errs map[int64]error) error {
	var giveUp []Job
	var reasons []string
	delays := map[int64]time.Duration{}
	retry := map[time.Duration][]int64{}
	msgs := map[time.Duration]string{}
	var waiting []Job
	for _, j := range jobs {
		err, ok := errs[j.ID]
		if !ok {
			continue
		}
		if err == nil || errors.Is(err, ErrNotTried) {
			waiting = append(waiting, j)
			continue
		}
		words, transient := Classify(err)
		next := l.NextAttempt(j.Attempts, j.Queued)
		switch {
		case !transient:
			giveUp, reasons = append(giveUp, j), append(reasons, words)
		case next.IsZero():
			giveUp, reasons = append(giveUp, j), append(reasons, fmt.Sprintf("gave up after %d attempts: %s", j.Attempts, words))
		default:
			d := next.Sub(l.Now())
			delays[j.ID] = d
			retry[d] = append(retry[d], j.ID)
			msgs[d] = words
		}
	}
	var out []error
	for d, ids := range retry {
		out = append(out, l.Queue.RetryJobs(ctx, ids, d, msgs[d]))
	}
	later := map[time.Duration][]int64{}
	for _, j := range waiting {
		var d time.Duration
		var wf *waitFor
		if errors.As(errs[j.ID], &wf) {
			d = delays[wf.job]
		}
		later[d] = append(later[d], j.ID)
	}
	for d, ids := range later {
		out = append(out, l.Queue.PostponeJobs(ctx, ids, d))
	}
	if len(giveUp) > 0 {
		out = append(out, l.fail(ctx, giveUp, reasons))
	}
	return errors.Join(out...)
}

func (l *Lane) fail(ctx context.Context, jobs []Job, reasons []string) error {
	if f, ok := l.Kind.(Failer); ok {
		return f.Fail(ctx, jobs, reasons)
	}
	var errs []error
	for i, j := range jobs {
		errs = append(errs, l.Queue.FailJobs(ctx, []int64{j.ID}, reasons[i]))
	}
	return errors.Join(errs...)
}
