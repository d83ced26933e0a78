package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/refsync/refsync/connector"
	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
	"github.com/refsync/refsync/web/api"
)

// The JSON API as the push and webhook flow tests drive it (they moved here
// from web/api with the adapters web may not import); the same env as web/api's tests.

// recordingReceiver is the real receiver, counting the referrals it is told about.
type recordingReceiver struct {
	*connector.Receiver
	changed atomic.Int64
}

func (r *recordingReceiver) ReferralChanged(m matching.Referral) {
	r.changed.Add(1)
	r.Receiver.ReferralChanged(m)
}

type countWaker struct{ n atomic.Int64 }

func (c *countWaker) Wake() { c.n.Add(1) }

// env is an API over a fresh database with an admin and a reviewer token.
type env struct {
	t               *testing.T
	db              *store.DB
	h               http.Handler
	rx              *recordingReceiver
	wake            *countWaker
	admin, reviewer string
	seq             int
}

func newEnv(t *testing.T) *env {
	db := openDB(t)
	rc, err := connector.New(connector.Options{Sink: db, Settings: db, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, db: db, rx: &recordingReceiver{Receiver: rc}, wake: &countWaker{}}
	// Webhook receivers in these tests are httptest servers on 127.0.0.1.
	e.h = api.New(api.Deps{DB: db, Receiver: e.rx, Push: e.wake, WebhooksAllowPrivate: true})
	if e.admin, _, err = db.CreateAPIToken(context.Background(), "zapier", store.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	if e.reviewer, _, err = db.CreateAPIToken(context.Background(), "ops", store.RoleReviewer); err != nil {
		t.Fatal(err)
	}
	return e
}

// do sends a request and decodes the JSON answer (nil for an empty body).
func (e *env) do(method, path, token, body string) (int, map[string]any) {
	e.t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	var out map[string]any
	if rec.Body.Len() > 0 {
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			e.t.Fatalf("%s %s: answer is not a JSON object: %s", method, path, rec.Body)
		}
	}
	return rec.Code, out
}

// must sends a request that has to succeed and returns the answer.
func (e *env) must(method, path, body string, want int) map[string]any {
	e.t.Helper()
	code, out := e.do(method, path, e.admin, body)
	if code != want {
		e.t.Fatalf("%s %s = %d %v, want %d", method, path, code, out, want)
	}
	return out
}
