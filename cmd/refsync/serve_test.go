package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe to read while the command writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// `refsync serve` serves the UI, the API and /healthz on one address, and an
// API token made with `refsync token create` works against it.
func TestServeMountsUIAndAPI(t *testing.T) {
	_, _, getenv := emuEnv(t)
	tokOut, err := runWith(getenv, "token", "create", "--name", "ci", "--role", "admin")
	if err != nil {
		t.Fatalf("token create: %v %s", err, tokOut)
	}
	token := regexp.MustCompile(`rsk_[A-Za-z0-9_-]+`).FindString(tokOut)
	if token == "" {
		t.Fatalf("no token printed: %s", tokOut)
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out, Getenv: getenv}
		done <- run(ctx, env, []string{"serve", "--addr", addr})
	}()
	base := "http://" + addr
	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(out.String(), "serving on") {
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("serve did not start: %s", out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	get := func(path, bearer string) (int, string) { return httpCall(t, http.MethodGet, base+path, bearer, "") }
	if code, body := get("/login", ""); code != 200 || !strings.Contains(body, `name="password"`) {
		t.Errorf("/login: %d", code)
	}
	if code, _ := get("/api/v1/referrals", ""); code != http.StatusUnauthorized {
		t.Errorf("/api/v1/referrals without a token: %d, want 401", code)
	}
	code, body := get("/api/v1/referrals", token)
	var list struct {
		Items []any `json:"items"`
	}
	if code != 200 || json.Unmarshal([]byte(body), &list) != nil {
		t.Errorf("/api/v1/referrals with the token: %d %s", code, body)
	}
	if code, body := get("/healthz", ""); code != 200 || !strings.Contains(body, `"status":"ok"`) {
		t.Errorf("/healthz: %d %s", code, body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve ended with %v\n%s", err, out.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop after cancel")
	}
}

// The HTTP server refuses headers over 64 KB (431) instead of reading up to
// Go's default of 1 MB per request; ordinary requests are served.
func TestServeRefusesHugeHeaders(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- serveHTTP(ctx, "127.0.0.1:0", http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}), func(a string) { addr <- a })
	}()
	defer func() { cancel(); <-done }()
	url := "http://" + <-addr + "/healthz"
	for _, tc := range []struct {
		size, want int
	}{{1 << 10, http.StatusOK}, {200 << 10, http.StatusRequestHeaderFieldsTooLarge}} {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		req.Header.Set("X-Filler", strings.Repeat("h", tc.size))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != tc.want {
			t.Errorf("a %d KB header: %d, want %d", tc.size>>10, res.StatusCode, tc.want)
		}
	}
}
