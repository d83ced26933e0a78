package hook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/refsync/refsync/store"
)

// Dispatcher turns new events into outbox rows and delivers due rows. DB is required.
type Dispatcher struct {
	DB     *store.DB
	Client *http.Client // default: 10 s timeout, no redirects followed, public addresses only unless AllowPrivate
	// AllowPrivate lets webhooks reach private, loopback and link-local
	// addresses (a receiver on your own network); off by default.
	AllowPrivate bool
	Logger       *slog.Logger
	Interval     time.Duration // Start's pause between runs; default 2s
	DigestEvery  time.Duration // at most one entry.review message (and one digest email) this often; default 15m
	// Mail sends the review digest by email too; nil: webhooks only.
	Mail *Mailer
	// NotifyPrograms lists the programs whose process rule e (notify when an
	// entry goes to review) is on; nil: every program.
	NotifyPrograms func(ctx context.Context) ([]int64, error)
	DigestSize     int           // newest entries listed in a digest; default 10
	RetryFor       time.Duration // give a row up this long after it was queued; default 24h
	BackoffBase    time.Duration // first retry delay, doubling; default 10s
	BackoffMax     time.Duration // default 1h
	Batch          int           // rows delivered per run; default 100
	Now            func() time.Time

	troubleMu   sync.Mutex
	lastTrouble string // the connection trouble last mailed ("" : none)
}

func (d *Dispatcher) defaults() {
	if d.Client == nil {
		d.Client = newClient(d.AllowPrivate)
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	set := func(p *time.Duration, v time.Duration) {
		if *p <= 0 {
			*p = v
		}
	}
	set(&d.Interval, 2*time.Second)
	set(&d.DigestEvery, 15*time.Minute)
	set(&d.RetryFor, 24*time.Hour)
	set(&d.BackoffBase, 10*time.Second)
	set(&d.BackoffMax, time.Hour)
	if d.DigestSize <= 0 {
		d.DigestSize = 10
	}
	if d.Batch <= 0 {
		d.Batch = 100
	}
	if d.Now == nil {
		d.Now = time.Now
	}
}

// Start runs the dispatcher until ctx ends (call it as `go d.Start(ctx)`):
// every Interval it queues new events and delivers due outbox rows. Errors
// are logged; it returns when ctx is done.
func (d *Dispatcher) Start(ctx context.Context) {
	d.defaults()
	t := time.NewTicker(d.Interval)
	defer t.Stop()
	for {
		if _, err := d.RunOnce(ctx); err != nil && ctx.Err() == nil {
			d.Logger.Error("webhooks", slog.String("error", err.Error()))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RunOnce queues new events (Produce) and delivers due rows (Deliver), returning how many were delivered.
func (d *Dispatcher) RunOnce(ctx context.Context) (int, error) {
	d.defaults()
	if err := d.Produce(ctx); err != nil {
		return 0, err
	}
	return d.Deliver(ctx)
}

// Produce writes outbox rows for status history rows not yet seen and, when
// due, one entry.review digest.
func (d *Dispatcher) Produce(ctx context.Context) error {
	d.defaults()
	for {
		n, err := d.DB.QueueStatusEvents(ctx, 500, func(e store.StatusEvent) (string, []byte, error) {
			return statusPayload(ctx, d.DB, e)
		})
		if err != nil {
			return fmt.Errorf("hook: queue status events: %w", err)
		}
		if n == 0 {
			break
		}
	}
	programs, err := d.notifyPrograms(ctx)
	if err != nil {
		return err
	}
	if programs != nil && len(programs) == 0 { // rule e is off in every program: no entry.review digest
		if err := d.DB.SkipReviewDigest(ctx, "entry_review"); err != nil {
			return err
		}
		return d.MailDigest(ctx)
	}
	_, err = d.DB.QueueReviewDigest(ctx, d.DigestEvery, d.DigestSize, programs, func(count int, items []store.ReviewItem) ([]byte, error) {
		return reviewPayload(d.Now(), count, items)
	})
	if err != nil {
		return fmt.Errorf("hook: queue review digest: %w", err)
	}
	if err := d.MailDigest(ctx); err != nil {
		d.Logger.Warn("review digest email not sent; tried again at the next run", slog.String("error", err.Error()))
	}
	if err := d.MailTrouble(ctx); err != nil {
		d.Logger.Warn("connection trouble email not sent; tried again at the next run", slog.String("error", err.Error()))
	}
	return nil
}

// Deliver POSTs due outbox rows and records each attempt.
func (d *Dispatcher) Deliver(ctx context.Context) (int, error) {
	d.defaults()
	due, err := d.DB.DueOutbox(ctx, d.Batch)
	if err != nil {
		return 0, fmt.Errorf("hook: %w", err)
	}
	hooks := map[int64]*store.Webhook{}
	down := map[int64]bool{} // webhooks whose endpoint failed in this run
	delivered := 0
	for _, o := range due {
		if down[o.WebhookID] {
			continue
		}
		w, ok := hooks[o.WebhookID]
		if !ok {
			if w, err = d.DB.WebhookByID(ctx, o.WebhookID); err != nil {
				return delivered, fmt.Errorf("hook: %w", err)
			}
			hooks[o.WebhookID] = w
		}
		ok, err := d.deliverOne(ctx, w, o)
		if err != nil {
			return delivered, err
		}
		if ok {
			delivered++
		} else {
			down[w.ID] = true
		}
	}
	return delivered, nil
}

// deliverOne makes and records one attempt; after a failure the webhook's
// other due rows wait for this row's next try.
func (d *Dispatcher) deliverOne(ctx context.Context, w *store.Webhook, o *store.OutboxItem) (bool, error) {
	status, took, sendErr := d.send(ctx, w, o)
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if sendErr == nil {
		return true, d.record(ctx, o.ID, status, "", took, time.Time{})
	}
	var next time.Time
	if !errors.Is(sendErr, errInactive) {
		next = d.nextAttempt(o)
	}
	msg := sendErr.Error()
	var te *transportError
	if errors.As(sendErr, &te) { // the delivery log says only that there was no answer
		d.Logger.Warn("webhook delivery failed", slog.Int64("webhook", w.ID), slog.Int64("outbox", o.ID), slog.String("error", te.err.Error()))
		msg, took = deliveryError(te.err), 0
	}
	if err := d.record(ctx, o.ID, status, msg, took, next); err != nil {
		return false, err
	}
	if !next.IsZero() {
		if err := d.DB.PostponeOutbox(ctx, w.ID, next); err != nil {
			return false, fmt.Errorf("hook: %w", err)
		}
	}
	return false, nil
}

func (d *Dispatcher) record(ctx context.Context, id int64, status int, msg string, took time.Duration, next time.Time) error {
	if err := d.DB.RecordDelivery(ctx, id, status, msg, took, next); err != nil {
		return fmt.Errorf("hook: %w", err)
	}
	return nil
}

var errInactive = errors.New("the webhook is switched off")

// transportError is a delivery that got no HTTP answer.
type transportError struct{ err error }

func (e *transportError) Error() string { return "POST: " + e.err.Error() }
func (e *transportError) Unwrap() error { return e.err }

// send makes one delivery attempt; a 2xx answer is success.
func (d *Dispatcher) send(ctx context.Context, w *store.Webhook, o *store.OutboxItem) (int, time.Duration, error) {
	if !w.Active {
		return 0, 0, errInactive
	}
	if w.SecretErr != nil {
		return 0, 0, fmt.Errorf("not sent: the signing secret cannot be read: %w", w.SecretErr)
	}
	body := []byte(o.Payload)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return 0, 0, fmt.Errorf("bad webhook URL: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "refsync-webhooks/1")
	req.Header.Set(EventHeader, o.Event)
	req.Header.Set(DeliveryHeader, fmt.Sprint(o.ID))
	req.Header.Set(SignatureHeader, Sign(w.Secret, body, d.Now()))
	start := time.Now()
	resp, err := d.Client.Do(req)
	took := time.Since(start)
	if err != nil {
		return 0, took, &transportError{err: err}
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, took, fmt.Errorf("the receiver answered HTTP %d", resp.StatusCode)
	}
	return resp.StatusCode, took, nil
}

// nextAttempt is when to try a row again after a failure (BackoffBase·2^attempts with
// jitter, capped), or zero when the row has been retried for RetryFor and is given up.
func (d *Dispatcher) nextAttempt(o *store.OutboxItem) time.Time {
	if o.State != store.OutboxPending {
		return time.Time{}
	}
	created, err := time.Parse(store.TimeFormat, o.CreatedAt)
	now := d.Now()
	if err != nil || now.Sub(created) >= d.RetryFor {
		return time.Time{}
	}
	delay := d.BackoffBase
	for i := 0; i < o.Attempts && delay < d.BackoffMax; i++ {
		delay *= 2
	}
	delay = min(delay, d.BackoffMax)
	delay = delay*3/4 + rand.N(delay/4+1)
	next := now.Add(delay)
	if end := created.Add(d.RetryFor); next.After(end) {
		next = end
	}
	return next
}
