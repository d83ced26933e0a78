package salesforce

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
)

// exchange is what the transport saw of the last HTTP answer of one attempt.
type exchange struct {
	status int
	body   []byte // kept for error answers only (status ≥ 300)
}

// callTransport is installed into simpleforce for exactly one attempt (under the client lock):
// it gives simpleforce's context-free requests the caller's context and timeout, counts the call,
// reads Sforce-Limit-Info, and keeps error bodies so every Salesforce error can be parsed in full.
type callTransport struct {
	ctx   context.Context
	c     *Client
	last  *exchange
	login bool // logins count toward the client's calls, not toward a run's API budget
}

// RoundTrip implements http.RoundTripper.
func (t *callTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := t.ctx
	if t.login {
		ctx = context.Background()
	}
	t.c.countCall(ctx)
	resp, err := t.c.config().Transport.RoundTrip(req.WithContext(t.ctx))
	if err != nil {
		return nil, err
	}
	t.c.observeLimitInfo(resp.Header.Get("Sforce-Limit-Info"))
	t.last.status = resp.StatusCode
	if resp.StatusCode >= 300 {
		body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("read error answer: %w", err)
		}
		t.last.body = body
		resp.Body = io.NopCloser(bytes.NewReader(body))
	}
	return resp, nil
}

// httpClient returns an http.Client for one attempt; the caller must hold the client lock.
func (c *Client) httpClient(ctx context.Context, ex *exchange, login bool) *http.Client {
	return &http.Client{Transport: &callTransport{ctx: ctx, c: c, last: ex, login: login}}
}
