package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/refsync/refsync/connector/webhook"
)

// Moved from web/api with the dispatcher (web may not deliver webhooks): the
// API subscribes and changes referrals, the dispatcher wired as in cmd delivers.
func TestWebhookSubscribedThroughAPIGetsSignedEvents(t *testing.T) {
	e := newEnv(t)
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
