package salesforce

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/simpleforce/simpleforce"

	"github.com/refsync/refsync/connector/backoff"
)

// Client talks to one Salesforce org. It is safe for concurrent use: calls to simpleforce are
// serialized by a context-aware lock, which is released between query pages and during backoff.
type Client struct {
	sem chan struct{} // the lock around sf and gen
	sf  *simpleforce.Client
	gen uint64       // session generation, bumped by every login
	hc  *http.Client // the HTTP client of the running attempt (for raw calls: bulk results)
	buf []byte       // a query page's answer, read into the same memory page after page (under the lock)

	cfgp  atomic.Pointer[Config] // replaced whole by SetConfig (and refresh-token rotation)
	mu    sync.Mutex             // guards st and usage
	st    State
	usage Usage
	calls atomic.Int64

	instance atomic.Value // string: the instance URL of the last login, for links to records
}

// New checks cfg and returns a client; it does not touch the network (see Connect).
func New(cfg Config) (*Client, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	c := &Client{sem: make(chan struct{}, 1)}
	c.cfgp.Store(&cfg)
	c.sf = simpleforce.NewClient(cfg.LoginURL, clientID(cfg), cfg.APIVersion)
	return c, nil
}

func clientID(cfg Config) string {
	if cfg.ClientID != "" {
		return cfg.ClientID
	}
	return simpleforce.DefaultClientID
}

// InstanceURL returns the org's address from the last login ("" before one),
// e.g. https://example.my.salesforce.com; a record opens at InstanceURL()+"/"+id.
func (c *Client) InstanceURL() string {
	s, _ := c.instance.Load().(string)
	return s
}

// APIVersion returns the REST API version in use, e.g. "62.0".
func (c *Client) APIVersion() string { return c.config().APIVersion }

func (c *Client) lock(ctx context.Context) error {
	select {
	case c.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *Client) unlock() { <-c.sem }

// Connect logs in unless a session exists. While the connection is unauthorized it returns
// ErrUnauthorized without touching the network; use Reconnect.
func (c *Client) Connect(ctx context.Context) error {
	if err := c.lock(ctx); err != nil {
		return err
	}
	err := c.unauthorizedErr()
	if err == nil && c.sf.GetSid() == "" {
		err = c.login(ctx)
	}
	c.unlock()
	if err != nil {
		return c.markFailure(fmt.Errorf("salesforce: connect: %w", err))
	}
	c.setState(StatusConnected, "")
	return nil
}

// Reconnect forgets the session and any unauthorized state and logs in again: the admin's
// "reconnect" action, after new credentials are in place (see SetConfig).
func (c *Client) Reconnect(ctx context.Context) error {
	if err := c.lock(ctx); err != nil {
		return err
	}
	c.sf.SetSidLoc("", "")
	c.mu.Lock()
	if c.st.Status == StatusUnauthorized {
		c.st.Status, c.st.LastError = "", ""
	}
	c.mu.Unlock()
	c.unlock()
	return c.Connect(ctx)
}

// SetConfig replaces the configuration (e.g. new credentials); it takes effect at the next login.
func (c *Client) SetConfig(ctx context.Context, cfg Config) error {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return err
	}
	if err := c.lock(ctx); err != nil {
		return err
	}
	defer c.unlock()
	c.cfgp.Store(&cfg)
	c.sf = simpleforce.NewClient(cfg.LoginURL, clientID(cfg), cfg.APIVersion)
	return nil
}

// callOpts describes one logical call for the retry loop.
type callOpts struct {
	op         string // what was being done, for error messages
	idempotent bool   // safe to retry after a network error
	exempt     bool   // not refused by the budget (Limits, Versions)
}

// call runs fn against simpleforce with re-auth once on 401 and bounded backoff on 503/limits.
func (c *Client) call(ctx context.Context, o callOpts, fn func(*simpleforce.Client) error) error {
	reauthed := false
	for attempt := 1; ; attempt++ {
		var gen uint64
		err := c.attempt(ctx, o, &gen, fn)
		if err == nil {
			c.setState(StatusConnected, "")
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("salesforce: %s: %w", o.op, ctx.Err())
		}
		var ae *APIError
		isAPI := errors.As(err, &ae)
		var ce *connError
		switch {
		case errors.As(err, &ce):
			return c.markFailure(fmt.Errorf("salesforce: %s: %w", o.op, err))
		case isAPI && ae.StatusCode == http.StatusUnauthorized && !reauthed:
			// The next attempt logs in again (once) and retries; login failures are classified there.
			reauthed = true
			if err := c.dropSession(ctx, gen); err != nil {
				return fmt.Errorf("salesforce: %s: %w", o.op, err)
			}
			attempt--
		case isAPI && ae.StatusCode == http.StatusUnauthorized:
			msg := fmt.Sprintf("Salesforce rejected a session it had just issued (%s): check that the user has API access, then reconnect in Settings → Connection", ae.Code)
			err = fmt.Errorf("salesforce: %s: %w", o.op, &connError{kind: ErrUnauthorized, msg: msg, cause: ae})
			c.setState(StatusError, msg)
			return err
		case retryable(err, ae, o) && attempt < c.config().Attempts:
			if err := sleep(ctx, c.backoff(attempt)); err != nil {
				return fmt.Errorf("salesforce: %s: %w", o.op, err)
			}
		case transient(err, ae):
			return c.markFailure(fmt.Errorf("salesforce: %s: %w", o.op, giveUp(err, ae, attempt)))
		default:
			return c.markFailure(fmt.Errorf("salesforce: %s: %w", o.op, err))
		}
	}
}

// attempt makes one try under the lock: sticky state, budget, session, then fn.
func (c *Client) attempt(ctx context.Context, o callOpts, gen *uint64, fn func(*simpleforce.Client) error) (err error) {
	if err := c.lock(ctx); err != nil {
		return err
	}
	defer c.unlock()
	if err := c.unauthorizedErr(); err != nil {
		return err
	}
	if !o.exempt {
		if err := c.checkBudget(ctx); err != nil {
			return err
		}
	}
	if c.sf.GetSid() == "" {
		if err := c.login(ctx); err != nil {
			return err
		}
	}
	*gen = c.gen
	cctx, cancel := context.WithTimeout(ctx, c.config().Timeout)
	defer cancel()
	ex := &exchange{}
	c.hc = c.httpClient(cctx, ex, false)
	c.sf.SetHttpClient(c.hc)
	defer func() {
		// simpleforce indexes the error array without a length check; never let that crash us.
		if r := recover(); r != nil {
			err = fmt.Errorf("simpleforce panicked: %v", r)
		}
		if err != nil && ex.status >= 300 {
			err = parseError(ex.status, ex.body)
		}
	}()
	return fn(c.sf)
}

// dropSession forgets the session of generation gen so the next attempt logs in again; a
// session another caller already renewed is kept.
func (c *Client) dropSession(ctx context.Context, gen uint64) error {
	if err := c.lock(ctx); err != nil {
		return err
	}
	defer c.unlock()
	if c.gen == gen {
		c.sf.SetSidLoc("", "")
	}
	return nil
}

// transient reports whether a failed attempt may succeed later: 500/502/503/504 (an
// error page too), 403 REQUEST_LIMIT_EXCEEDED, a login refused for now (loginDeferred),
// network errors and timeouts.
func transient(err error, ae *APIError) bool {
	if ae != nil {
		if loginDeferred(ae) {
			return true
		}
		switch ae.StatusCode {
		case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			return true
		case http.StatusForbidden:
			return ae.Code == "REQUEST_LIMIT_EXCEEDED"
		}
		return false
	}
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded)
}

// retryable reports whether a transient failure may be retried: Salesforce's own refusals always
// (the request was not processed; a 500 only on idempotent calls), network errors only on idempotent calls or before the request
// was sent (a failed login), since a lost answer to a create may hide a created record.
func retryable(err error, ae *APIError, o callOpts) bool {
	if !transient(err, ae) {
		return false
	}
	if o.idempotent || errors.Is(err, errLogin) {
		return true
	}
	// A 500 may come after the write was done; other refusals were never processed.
	return ae != nil && ae.StatusCode != http.StatusInternalServerError
}

// giveUp turns the last retryable failure into the connection error users see.
func giveUp(err error, ae *APIError, attempts int) error {
	switch {
	case ae != nil && ae.Code == "REQUEST_LIMIT_EXCEEDED":
		msg := fmt.Sprintf("Salesforce refuses more API requests (REQUEST_LIMIT_EXCEEDED: %s) after %d attempts; sync waits and tries again at the next poll", ae.Message, attempts)
		return &connError{kind: ErrLimited, msg: msg, cause: ae}
	case ae != nil && errors.Is(err, errLogin) && loginDeferred(ae):
		msg := fmt.Sprintf("Salesforce turned the login away for now (%s: %s) after %d attempts: %s; the credentials are fine and nothing needs changing, "+
			"sync tries again by itself at the next poll", ae.Code, ae.Message, attempts, deferredWhy(ae))
		return &connError{kind: ErrUnavailable, msg: msg, cause: ae}
	case ae != nil && ae.Page:
		msg := fmt.Sprintf("%s after %d attempts; sync tries again at the next poll", PageWords(ae), attempts)
		return &connError{kind: ErrUnavailable, msg: msg, cause: ae}
	case ae != nil:
		msg := fmt.Sprintf("Salesforce is unavailable (HTTP %d %s) after %d attempts; sync tries again at the next poll", ae.StatusCode, ae.Code, attempts)
		return &connError{kind: ErrUnavailable, msg: msg, cause: ae}
	default:
		msg := fmt.Sprintf("Salesforce could not be reached (%v) after %d attempts; check the network and REFSYNC_SF_LOGIN_URL, sync tries again at the next poll", err, attempts)
		return &connError{kind: ErrUnavailable, msg: msg, cause: err}
	}
}

// backoff is BackoffBase·2^(attempt−1), capped at BackoffMax, with jitter in [d/2, d].
func (c *Client) backoff(attempt int) time.Duration {
	return backoff.Policy{Base: c.config().BackoffBase, Max: c.config().BackoffMax, Jitter: 0.5}.Delay(attempt)
}

func sleep(ctx context.Context, d time.Duration) error { return backoff.Sleep(ctx, d) }

// config returns the current configuration; never modify it, store a copy.
func (c *Client) config() *Config { return c.cfgp.Load() }
