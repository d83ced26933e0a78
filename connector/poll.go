package connector

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/salesforce"
)

// modstampFormat is how Salesforce writes SystemModstamp; watermarks use it too.
const modstampFormat = "2006-01-02T15:04:05.000-0700"

// parseModstamp reads a SystemModstamp (or an RFC 3339 time).
func parseModstamp(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02T15:04:05.000-0700", "2006-01-02T15:04:05.000Z", time.RFC3339Nano} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a Salesforce time", s)
}

func formatModstamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000+0000") }

// RunResult says what one run of one object did.
type RunResult struct {
	Object   string
	Received int // new entries stored
	Skipped  int // changes already received (overlapping windows)
	Pages    int
	Late     int // records read by Id because they were committed after their stamp (late.go)
}

// SyncNow polls object now ("" for every configured object), waiting for a
// run of the same object to finish first; it returns the first error.
func (r *Receiver) SyncNow(ctx context.Context, object string) error {
	_, err := r.SyncOnce(ctx, object, time.Time{})
	return err
}

// SyncOnce polls object ("" for all configured objects, in configured
// order) once; a non-zero since re-reads from that time (a backfill).
func (r *Receiver) SyncOnce(ctx context.Context, object string, since time.Time) ([]RunResult, error) {
	set, err := r.ruleSet(ctx)
	if err != nil {
		return nil, err
	}
	objects := set.merged.Polled()
	if object != "" {
		objects = []string{object}
	}
	var out []RunResult
	var errs []error
	for _, o := range objects {
		if !since.IsZero() {
			if err := r.sink.SetBackfill(ctx, o, formatModstamp(since)); err != nil {
				return out, err
			}
		}
		st := r.object(o)
		st.run.Lock()
		res, err := r.poll(ctx, set, o)
		st.run.Unlock()
		out = append(out, res)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", o, err))
		}
	}
	return out, errors.Join(errs...)
}

// poll runs SPEC step 2 for one object, once for every program: query from
// the watermark minus the lookback (the fields every program reads), store
// each page with its watermark in one transaction.
func (r *Receiver) poll(ctx context.Context, set *ruleSet, object string) (RunResult, error) {
	rules := set.merged
	res := RunResult{Object: object}
	if r.crm == nil {
		return res, fmt.Errorf("%w: no Salesforce connection is configured", ErrInvalid)
	}
	if st := r.crm.State(); st.Status == salesforce.StatusUnauthorized {
		err := fmt.Errorf("%w: %s", ErrPaused, st.LastError)
		r.finish(ctx, object, err, false)
		return res, err
	}
	if since := r.sink.DiskFullNow(ctx); !since.IsZero() {
		// Nothing read now could be stored: spend no API calls, and write
		// nothing (the run's record would fail too); health says it already.
		return res, fmt.Errorf("%w: writes have failed since %s because the disk holding the database is full; "+
			"the sync reads nothing from Salesforce until there is room again (free space on that disk)", ErrDiskFull, since.UTC().Format(time.RFC3339))
	}
	if st := r.crm.State(); st.Status == salesforce.StatusLimited {
		// The budget is judged on the last usage Salesforce reported; read it
		// afresh (one call, never refused) so a new day or a raised limit counts.
		if _, err := r.crm.Limits(ctx); err != nil {
			r.log.Debug("read limits while limited", slog.Any("err", err))
		}
	}
	from, backfill, err := r.from(ctx, rules, object)
	if err != nil {
		return res, err
	}
	p := newPlan(object, rules)
	defer r.preloadIndexes(ctx, set, p)() // while the describe and the first query run
	r.addCurrency(ctx, p, rules)
	runCtx, run := r.crm.BeginRun(ctx)
	defer run.End()
	start := r.now()
	switch bulk, why := r.path(runCtx, p, from, backfill); {
	case bulk:
		r.log.Info("reading through Bulk API 2.0", slog.String("object", object), slog.String("why", why))
		err = r.readBulk(ctx, runCtx, set, p, from, backfill, &res)
	case backfill:
		err = r.readChanges(ctx, runCtx, set, p, from, true, &res)
	default:
		err = r.readRecent(ctx, runCtx, set, p, from, &res)
	}
	switch {
	case err == nil && start.Sub(from) >= reconcileSpan:
		r.reconciledAt(object, start) // this run read the whole span: nothing behind it to compare yet
	case err == nil && !backfill:
		err = r.reconcileDue(ctx, runCtx, set, p, &res)
	}
	r.finish(ctx, object, err, backfill && err == nil)
	r.recordConnection(ctx)
	if err != nil {
		if advice := explain(object, err).advice; advice != "" {
			return res, fmt.Errorf("connector: sync %s: %s\n(%w)", object, advice, err)
		}
		return res, fmt.Errorf("connector: sync %s: %w", object, err)
	}
	r.log.Debug("sync run", slog.String("object", object), slog.Int("received", res.Received),
		slog.Int("skipped", res.Skipped), slog.Int("pages", res.Pages))
	return res, nil
}

// from decides where a run starts: a pending backfill, else the watermark; on the very first run "now" (or the rules' backfill date).
func (r *Receiver) from(ctx context.Context, rules *config.Rules, object string) (time.Time, bool, error) {
	wm, backfill, err := r.sink.Watermark(ctx, object)
	if err != nil {
		return time.Time{}, false, err
	}
	if backfill != "" {
		t, err := parseModstamp(backfill)
		return t, true, err
	}
	if wm == "" {
		start := r.now()
		if b, _ := rules.BackfillTime(); !b.IsZero() {
			start = b
		}
		wm = formatModstamp(start)
		if err := r.sink.SetWatermarkRx(ctx, object, wm, 0); err != nil {
			return time.Time{}, false, err
		}
	}
	t, err := parseModstamp(wm)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("connector: watermark of %s: %w", object, err)
	}
	return t, false, nil // what came late behind it is found by the late check (late.go)
}

// finish records the end of a run, the object's problem in words and its
// backoff after failures.
func (r *Receiver) finish(ctx context.Context, object string, runErr error, clearBackfill bool) {
	msg, retryAt := "", time.Time{}
	pr := explain(object, runErr)
	st := r.object(object)
	r.mu.Lock()
	if runErr != nil {
		msg = runErr.Error()
		st.failures++
		st.notUntil = r.now().Add(backoff(st.failures, r.interval, pr.needsPerson))
		retryAt = st.notUntil
	} else {
		st.failures, st.notUntil = 0, time.Time{}
	}
	r.mu.Unlock()
	ctx = context.WithoutCancel(ctx)
	if err := r.sink.FinishSyncRun(ctx, object, msg, clearBackfill); err != nil {
		r.log.Warn("record sync run", slog.String("object", object), slog.Any("err", err))
	}
	retry := ""
	if !retryAt.IsZero() && retryAt.After(r.now()) {
		retry = formatModstamp(retryAt)
	}
	if page := salesforce.PageWords(runErr); page != "" && pr.advice == "" {
		next := retryAt
		if !next.After(r.now()) {
			next = r.now().Add(r.interval)
		}
		pr.advice = page + "; retrying at " + next.Local().Format("15:04")
	}
	if err := r.sink.SetSyncProblem(ctx, object, pr.advice, retry); err != nil {
		r.log.Warn("record sync problem", slog.String("object", object), slog.Any("err", err))
	}
}
