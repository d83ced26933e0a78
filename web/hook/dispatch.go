package hook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/refsync/refsync/connector/backoff"
	"github.com/refsync/refsync/connector/outbound"
	"github.com/refsync/refsync/store"
)

// Dispatcher turns new events into outbox rows and delivers them: the
// "webhook" kind of the outbound runner (one job per outbox row, claimed with
// a lease, retried with the runner's backoff for RetryFor). DB is required.
type Dispatcher struct {
	DB     *store.DB
	Client *http.Client // default: 10 s timeout, no redirects followed, public addresses only unless AllowPrivate
	// AllowPrivate lets webhooks reach private, loopback and link-local
	// addresses (a receiver on your own network); off by default.
	AllowPrivate bool
	Logger       *slog.Logger
	Interval     time.Duration // Start's pause between runs; default 2s
	DigestEvery  time.Duration // at most one entry.review message (and one digest email) this often; default 15m
	// Mail queues the review digest and connection trouble as email too; nil: webhooks only.
	Mail *Mailbox
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
	lane        *outbound.Lane
}

// Mailbox says that email goes out and how its links are written: messages
// are queued as "mail" jobs, which connector/mail sends.
type Mailbox struct {
	BaseURL string // where the UI is, for links ("" : none)
	// Out, when set, sends queued mail at once (the mail kind's RunOnce);
	// else the runner's mail lane sends it on its own schedule.
	Out interface {
		RunOnce(ctx context.Context) (int, error)
	}
}

var (
	_ outbound.Kind     = (*Dispatcher)(nil)
	_ outbound.Producer = (*Dispatcher)(nil)
)

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

// Lane is the webhooks' lane on the outbound runner.
func (d *Dispatcher) Lane() *outbound.Lane {
	d.defaults()
	if d.lane == nil {
		d.lane = &outbound.Lane{Queue: d.DB, Kind: d, Logger: d.Logger, Batch: d.Batch, Interval: d.Interval, Now: d.Now,
			Backoff:     backoff.Policy{Base: d.BackoffBase, Max: d.BackoffMax, Jitter: 0.25},
			MaxAttempts: math.MaxInt32, RetryFor: d.RetryFor}
	}
	return d.lane
}

// Name is the webhooks' job kind.
func (d *Dispatcher) Name() string { return store.JobWebhook }

// Start runs the dispatcher until ctx ends (call it as `go d.Start(ctx)`).
func (d *Dispatcher) Start(ctx context.Context) { d.Lane().Start(ctx) }

// RunOnce queues new events (Produce) and delivers due rows, returning how many rows it tried.
func (d *Dispatcher) RunOnce(ctx context.Context) (int, error) { return d.Lane().RunOnce(ctx) }

// Produce writes outbox rows for status history rows not yet seen and, when
// due, one entry.review digest, and queues the digest and trouble email.
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

// Send delivers claimed outbox rows, each attempt logged; after a failure
// the webhook's other rows in the batch wait for that row's next try.
func (d *Dispatcher) Send(ctx context.Context, jobs []outbound.Job) (map[int64]error, error) {
	errs := map[int64]error{}
	hooks := map[int64]*store.Webhook{}
	down := map[int64]int64{} // webhook → the job whose failure took it down in this run
	for _, j := range jobs {
		id, _ := strconv.ParseInt(j.Ref, 10, 64)
		o, err := d.DB.OutboxByID(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			errs[j.ID] = outbound.Permanent(errors.New("the event is gone (its webhook was deleted)"))
			continue
		}
		if err != nil {
			return errs, fmt.Errorf("hook: %w", err)
		}
		if failed, ok := down[o.WebhookID]; ok {
			errs[j.ID] = outbound.WaitFor(failed)
			continue
		}
		w, ok := hooks[o.WebhookID]
		if !ok {
			if w, err = d.DB.WebhookByID(ctx, o.WebhookID); err != nil {
				return errs, fmt.Errorf("hook: %w", err)
			}
			hooks[o.WebhookID] = w
		}
		if err := d.deliverOne(ctx, w, o); err != nil {
			if ctx.Err() != nil {
				return errs, ctx.Err()
			}
			errs[j.ID] = err
			down[w.ID] = j.ID
		}
	}
	return errs, nil
}

// deliverOne makes and logs one attempt, returning what keeps the row from
// being delivered (as the delivery log words it).
func (d *Dispatcher) deliverOne(ctx context.Context, w *store.Webhook, o *store.OutboxItem) error {
	status, took, sendErr := d.send(ctx, w, o)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if sendErr == nil {
		return d.record(ctx, o.ID, status, "", took, time.Time{})
	}
	msg := sendErr.Error()
	var te *transportError
	if errors.As(sendErr, &te) { // the delivery log says only that there was no answer
		d.Logger.Warn("webhook delivery failed", slog.Int64("webhook", w.ID), slog.Int64("outbox", o.ID), slog.String("error", te.err.Error()))
		msg, took = deliveryError(te.err), 0
	}
	if errors.Is(sendErr, errInactive) { // failed for good, job and row at once
		return d.record(ctx, o.ID, status, msg, took, time.Time{})
	}
	if err := d.record(ctx, o.ID, status, msg, took, d.Now()); err != nil { // pending: the runner sets the next attempt
		return err
	}
	return errors.New(msg)
}

func (d *Dispatcher) record(ctx context.Context, outboxID int64, status int, msg string, took time.Duration, next time.Time) error {
	if err := d.DB.RecordDelivery(ctx, outboxID, status, msg, took, next); err != nil {
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

// nextAttempt is when to try a row again after a failure (the lane's
// backoff: BackoffBase·2^attempts with jitter, capped), or zero when the row
// has been retried for RetryFor and is given up.
func (d *Dispatcher) nextAttempt(o *store.OutboxItem) time.Time {
	if o.State != store.OutboxPending {
		return time.Time{}
	}
	created, err := time.Parse(store.TimeFormat, o.CreatedAt)
	if err != nil {
		return time.Time{}
	}
	return d.Lane().NextAttempt(o.Attempts+1, created)
}
