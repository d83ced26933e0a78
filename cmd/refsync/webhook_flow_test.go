package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/refsync/refsync/connector"
	"github.com/refsync/refsync/connector/webhook"
	"github.com/refsync/refsync/store"
	"github.com/refsync/refsync/web/api"
)

// Moved from web/api with the dispatcher (web may not deliver webhooks): the
// API subscribes and changes referrals, the dispatcher wired as in cmd delivers.
func TestWebhookSubscribedThroughAPIGetsSignedEvents(t *testing.T) {
	e := newAPIEnv(t)
	var mu sync.Mutex
	var got []webhook.Envelope
	var secret string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		if err := webhook.Verify(secret, body, r.Header.Get(webhook.SignatureHeader), webhook.DefaultTolerance, time.Now()); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		var env webhook.Envelope
		json.Unmarshal(body, &env)
		got = append(got, env)
	}))
	defer srv.Close()
	wh := e.must("POST", "/api/v1/webhooks", `{"url":"`+srv.URL+`","events":["referral.created","referral.status_changed"]}`, 201)
	secret = wh["secret"].(string)
	if g := e.must("GET", "/api/v1/webhooks", "", 200); g["items"].([]any)[0].(map[string]any)["secret"] != nil {
		t.Fatal("the secret is shown again after creation")
	}
	id := e.must("POST", "/api/v1/referrals", `{"last_name":"Hooked","email":"hooked@example.com"}`, 201)["id"].(string)
	e.must("PATCH", "/api/v1/referrals/"+id, `{"status":"qualified"}`, 200)
	d := &webhook.Dispatcher{DB: hookStore{e.db}, AllowPrivate: true} // the receiver is an httptest server on 127.0.0.1
	if n, err := d.RunOnce(context.Background()); err != nil || n != 2 {
		t.Fatalf("delivered %d, %v; want 2", n, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 2 || got[0].Type != webhook.EventReferralCreated || got[1].Type != webhook.EventReferralStatusChanged {
		t.Fatalf("received %+v", got)
	}
	data := got[1].Data.(map[string]any)
	if data["from"] != "pending" || data["to"] != "qualified" || data["actor"] != "api:zapier" {
		t.Fatalf("status event data %v", data)
	}
	log := e.must("GET", "/api/v1/webhooks/"+jsonNumber(wh["id"])+"/deliveries", "", 200)
	if items := log["items"].([]any); len(items) != 2 || items[0].(map[string]any)["status_code"] != float64(200) {
		t.Fatalf("delivery log %v", log)
	}
}

func jsonNumber(v any) string { b, _ := json.Marshal(v); return string(b) }

// apiEnv is the JSON API on a real database, called with an admin token.
type apiEnv struct {
	t     *testing.T
	db    *store.DB
	h     http.Handler
	admin string
}

func newAPIEnv(t *testing.T) *apiEnv {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "refsync.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	rc, err := connector.New(connector.Options{Sink: db, Settings: db, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	e := &apiEnv{t: t, db: db, h: api.New(api.Deps{DB: db, Receiver: rc, WebhooksAllowPrivate: true})}
	if e.admin, _, err = db.CreateAPIToken(ctx, "zapier", store.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	return e
}

// must sends a request with the admin token and fails unless the answer has the status.
func (e *apiEnv) must(method, path, body string, status int) map[string]any {
	e.t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+e.admin)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	var out map[string]any
	json.Unmarshal(rec.Body.Bytes(), &out)
	if rec.Code != status {
		e.t.Fatalf("%s %s = %d %s, want %d", method, path, rec.Code, rec.Body, status)
	}
	return out
}
