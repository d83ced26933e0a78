package main

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/store"
)

// Webhook secrets stored with one REFSYNC_SECRET_KEY, then refsync run without
// it or with another: start-up, doctor and /healthz all say so, with what to do.
func TestWrongOrMissingSecretKeyIsSaid(t *testing.T) {
	_, dbPath, base := emuEnv(t)
	keyA, keyB := strings.Repeat("a", 40), strings.Repeat("b", 40)
	ctx := context.Background()
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	boxA, _ := config.NewSecretBox(keyA)
	if _, err := db.UseSecretBox(ctx, boxA); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateWebhook(ctx, &store.Webhook{URL: "https://hooks.example.com/a", Events: []string{"entry.review"}, Secret: "whsec_x"}, "test"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	withKey := func(key string) func(string) string {
		return func(k string) string {
			if k == config.SecretKeyEnv {
				return key
			}
			return base(k)
		}
	}
	for key, want := range map[string]string{"": "REFSYNC_SECRET_KEY is not set", keyB: "not the key it was stored with"} {
		out, err := runWith(withKey(key), "doctor")
		if err == nil || !strings.Contains(out, "FAIL  secret key") || !strings.Contains(out, want) {
			t.Errorf("doctor with key %q: %v\n%s", key, err, out)
		}
	}
	if out, err := runWith(withKey(keyA), "doctor"); err != nil || strings.Contains(out, "FAIL  secret key") {
		t.Errorf("doctor with the right key: %v\n%s", err, out)
	}

	db, err = store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	boxB, _ := config.NewSecretBox(keyB)
	db.UseSecretBox(ctx, boxB)
	rec := httptest.NewRecorder()
	healthz(db)(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if body := rec.Body.String(); !strings.Contains(body, `"status":"secret key unusable"`) || !strings.Contains(body, "set the old key again") {
		t.Errorf("/healthz with another key: %s", body)
	}

	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(sctx, &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out, Getenv: withKey("")}, []string{"serve", "--addr", addr})
	}()
	for deadline := time.Now().Add(15 * time.Second); !strings.Contains(out.String(), "serving on"); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			break
		}
	}
	cancel()
	<-done
	if !strings.Contains(out.String(), "REFSYNC_SECRET_KEY does not open") || !strings.Contains(out.String(), "openssl rand") {
		t.Errorf("serve without the key said nothing at start-up:\n%s", out.String())
	}
}
