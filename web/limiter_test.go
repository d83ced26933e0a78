package web

import (
	"bytes"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// tryLogin posts one sign-in as if from the given client address (through a trusted proxy).
func tryLogin(cl *client, ip, email, pw string) page {
	form := url.Values{"email": {email}, "password": {pw}}
	return cl.postRaw("/login", form, "X-Forwarded-For", ip, "Sec-Fetch-Site", "same-origin")
}

func behindLocalProxy(d *Deps) {
	_, n, _ := net.ParseCIDR("127.0.0.0/8")
	d.TrustedProxies = []*net.IPNet{n}
}

// 200 wrong passwords sent at once: the count is taken before the password
// is checked, so only the free tries are checked at all.
func TestLoginParallelGuessesAreCounted(t *testing.T) {
	app := newTestApp(t)
	app.addUser("ann@example.com", "admin")
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	start := time.Now()
	for i := 0; i < 200; i++ {
		wg.Go(func() {
			p := tryLogin(app.client(), "", "ann@example.com", "guess")
			mu.Lock()
			codes[p.Code]++
			mu.Unlock()
		})
	}
	wg.Wait()
	// Three free tries, then one more after 1 s, 2 s, 4 s… (a loaded machine may take seconds for 200 requests).
	allowed := 3
	for d, spent := time.Second, time.Since(start); d <= spent; d *= 2 {
		allowed++
	}
	t.Logf("200 parallel wrong passwords in %v: %d checked (401), %d refused (429)", time.Since(start).Round(time.Millisecond),
		codes[http.StatusUnauthorized], codes[http.StatusTooManyRequests])
	if codes[http.StatusUnauthorized] > allowed || codes[http.StatusUnauthorized]+codes[http.StatusTooManyRequests] != 200 {
		t.Fatalf("answers %v after %v: want at most %d checked (401), the rest 429", codes, time.Since(start), allowed)
	}
}

// Failures of one account from one address throttle only that pair: the same
// address may sign in as someone else, and the account from elsewhere.
func TestLoginThrottleIsPerAddressAndAccount(t *testing.T) {
	var logs bytes.Buffer
	app := newTestApp(t, behindLocalProxy, func(d *Deps) { d.Logger = slog.New(slog.NewTextHandler(&logs, nil)) })
	app.addUser("ann@example.com", "admin")
	app.addUser("bob@example.com", "admin")
	cl := app.client()
	refused := 0
	for i := 0; i < 30; i++ {
		if tryLogin(cl, "203.0.113.9", "ann@example.com", "guess").Code == http.StatusTooManyRequests {
			refused++
		}
	}
	if refused < 20 {
		t.Fatalf("only %d of 30 rapid guesses refused", refused)
	}
	if p := tryLogin(cl, "203.0.113.9", "ann@example.com", testPassword); p.Code != http.StatusTooManyRequests || p.Header.Get("Retry-After") == "" {
		t.Fatalf("the attacked pair with the right password: %d, want 429 with Retry-After", p.Code)
	}
	if p := tryLogin(app.client(), "203.0.113.9", "bob@example.com", testPassword); p.Code != http.StatusSeeOther {
		t.Fatalf("another account behind the same address: %d, want 303 (signed in)", p.Code)
	}
	if p := tryLogin(app.client(), "198.51.100.7", "ann@example.com", testPassword); p.Code != http.StatusSeeOther {
		t.Fatalf("the attacked account from its own address: %d, want 303 (signed in)", p.Code)
	}
	if !strings.Contains(logs.String(), "sign-in throttled") || !strings.Contains(logs.String(), "203.0.113.9") {
		t.Fatalf("no lockout logged:\n%s", logs.String())
	}
}

// Without a trusted proxy the forwarded header is ignored: every guess counts
// for the connection's own address.
func TestLoginForwardedHeaderNeedsTrustedProxy(t *testing.T) {
	app := newTestApp(t)
	app.addUser("ann@example.com", "admin")
	cl := app.client()
	codes := []int{}
	for i := 0; i < 5; i++ {
		codes = append(codes, tryLogin(cl, "10.9.8."+itoa(int64(i)), "ann@example.com", "guess").Code)
	}
	if codes[3] != http.StatusTooManyRequests {
		t.Fatalf("answers %v: the 4th quick guess should wait (429) whatever X-Forwarded-For says", codes)
	}
}

func TestLimiterDelayThenBlock(t *testing.T) {
	l := newLoginLimiter()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	fail := func(at time.Time) verdict {
		v, done := l.begin("1.2.3.4", "ann", at)
		if done != nil {
			done(false)
		}
		return v
	}
	for i := 0; i < 3; i++ {
		if v := fail(now); v.Wait != 0 {
			t.Fatalf("free try %d refused: %+v", i+1, v)
		}
	}
	if v := fail(now); v.Wait != time.Second || v.Blocked {
		t.Fatalf("4th try at once: %+v, want a 1s delay", v)
	}
	at := now
	for i := 3; i < 10; i++ { // each further try waits twice as long
		at = at.Add(time.Second << (i - 3))
		if v := fail(at); v.Wait != 0 {
			t.Fatalf("try %d after its delay refused: %+v", i+1, v)
		}
	}
	if v := fail(at.Add(time.Hour / 4 / 2)); !v.Blocked {
		t.Fatalf("after 10 failures: %+v, want blocked", v)
	}
	if v := fail(now.Add(15 * time.Minute)); v.Wait != 0 {
		t.Fatalf("after the window: %+v, want a free try", v)
	}
	if v, _ := l.begin("1.2.3.4", "bob", now); v.Wait != 0 {
		t.Fatal("another account from the same address is throttled")
	}
}

func TestLimiterGlobalCap(t *testing.T) {
	l := newLoginLimiter()
	l.globalMax = 5
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 5; i++ { // five different pairs fail once each
		_, done := l.begin("10.0.0."+itoa(int64(i)), "x", now)
		done(false)
	}
	for i := 0; i < 2; i++ { // one pair uses up its free tries
		_, done := l.begin("10.0.0.1", "x", now.Add(time.Second))
		done(false)
	}
	if v, _ := l.begin("10.0.0.1", "x", now.Add(5*time.Second)); !v.Global {
		t.Fatalf("a pair past its free tries over the global cap: %+v, want refused", v)
	}
	if v, _ := l.begin("10.0.0.99", "clean", now); v.Wait != 0 {
		t.Fatalf("a pair without failures over the global cap: %+v, want allowed", v)
	}
	if v, _ := l.begin("10.0.0.1", "x", now.Add(time.Minute+10*time.Second)); v.Wait != 0 {
		t.Fatalf("a minute later: %+v, want allowed", v)
	}
}
