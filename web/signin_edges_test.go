package web

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/refsync/refsync/store"
)

// anonymousUpload posts an n-byte multipart CSV upload to /import without
// signing in and returns the answer and how much of the body the server read.
func anonymousUpload(t *testing.T, app *testApp, n int64) (int, int64) {
	t.Helper()
	body := &endless{prefix: []byte("--xx\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n")}
	body.n.Store(n)
	req, _ := http.NewRequest(http.MethodPost, app.Srv.URL+"/import", body)
	req.Header.Set("Content-Type", "multipart/form-data; boundary=xx")
	req.ContentLength = n
	cl := app.client()
	res, err := cl.c.Do(req)
	code := 0
	if err == nil {
		code = res.StatusCode
		res.Body.Close()
	}
	return code, body.read.Load()
}

// A 31 MB upload from someone not signed in is sent to the sign-in page
// without being read (it used to be parsed, 32 MB in memory, before the
// session was even looked at).
func TestAnonymousUploadIsNotRead(t *testing.T) {
	app := newTestApp(t)
	code, read := anonymousUpload(t, app, 31<<20)
	t.Logf("anonymous 31 MB upload: status %d, the server read %d KB", code, read>>10)
	if code != http.StatusSeeOther || read > 8<<20 {
		t.Fatalf("status %d after reading %d MB; want 303 to the sign-in page with the upload unread", code, read>>20)
	}
	// An admin's upload still works, spooled to a temporary file that is gone afterwards.
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	admin := app.signedIn("ann@example.com", store.RoleAdmin)
	csv := "member_code,first_name\n" + strings.Repeat("M1,Mia\n", 20000)
	if p := admin.upload("members", "m.csv", csv); p.Code != http.StatusOK || !strings.Contains(p.Body, "imported 1") {
		t.Fatalf("admin upload: %d %.400s", p.Code, p.Body)
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "multipart-*")); len(left) > 0 {
		t.Fatalf("the upload's temporary files were left behind: %v", left)
	}
}

// Sign-in with an absurd email is refused before it is counted or checked,
// and neither the limiter nor the log keeps more than a short form of it.
func TestSignInLongEmailIsNotKeptOrLogged(t *testing.T) {
	var logs bytes.Buffer
	app := newTestApp(t, behindLocalProxy, func(d *Deps) { d.Logger = slog.New(slog.NewTextHandler(&logs, nil)) })
	long := strings.Repeat("x", 4000) + "@example.com"
	for i := 0; i < 20; i++ {
		p := tryLogin(app.client(), fmt.Sprintf("203.0.113.%d", i), fmt.Sprint(i)+long, "guess")
		if p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "at most 254 characters") || strings.Contains(p.Body, long) {
			t.Fatalf("a 4 KB email: %d, want 422 saying emails have at most 254 characters (and not echoed back)", p.Code)
		}
	}
	huge := url.Values{"email": {strings.Repeat("y", 200<<10)}, "password": {"guess"}}
	if p := app.client().postRaw("/login", huge, "Sec-Fetch-Site", "same-origin"); p.Code != http.StatusRequestEntityTooLarge ||
		!strings.Contains(p.Body, "sign-in form was larger") {
		t.Fatalf("a 200 KB email: %d %.300s", p.Code, p.Body)
	}
	if logs.Len() > 20*400 || strings.Contains(logs.String(), strings.Repeat("x", 100)) {
		t.Fatalf("%d bytes logged for 21 sign-ins; the emails must not be logged whole", logs.Len())
	}
	if got := logEmail(strings.Repeat("z", 300) + "\x1b[2J"); len(got) > 100 || strings.Contains(got, "\x1b") {
		t.Fatalf("logEmail = %q", got)
	}
}

// The limiter's tables are bounded whatever is sent: keys are hashes, and a
// full table makes room.
func TestLimiterMemoryIsBounded(t *testing.T) {
	l := newLoginLimiter()
	l.maxKeys = 100
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 1200; i++ {
		if v, done := l.begin(fmt.Sprintf("10.%d.%d.1", i/250, i%250), strings.Repeat("e", 1000)+fmt.Sprint(i), now); done != nil {
			done(false)
		} else if v.Wait == 0 {
			t.Fatal("refused without a wait")
		}
	}
	if len(l.pairs) > 100 || len(l.addrs) > 100 || len(l.accts) > 100 {
		t.Fatalf("tables hold %d pairs, %d addresses, %d accounts; want at most 100 each", len(l.pairs), len(l.addrs), len(l.accts))
	}
}

// A spray of many accounts from one address gets a handful of password
// checks, and a real user on another address signs in meanwhile, typo and all.
func TestLoginSprayFromOneAddress(t *testing.T) {
	app := newTestApp(t, behindLocalProxy)
	app.addUser("ann@example.com", "admin")
	checked := 0
	for i := 0; i < 40; i++ {
		if tryLogin(app.client(), "203.0.113.9", fmt.Sprintf("user%d@example.com", i), "guess").Code == http.StatusUnauthorized {
			checked++
		}
	}
	if checked > 12 {
		t.Fatalf("%d of 40 sprayed accounts from one address were checked; want the address's budget (about 10)", checked)
	}
	cl := app.client()
	if p := tryLogin(cl, "198.51.100.7", "ann@example.com", "typo"); p.Code != http.StatusUnauthorized {
		t.Fatalf("the real user's typo: %d, want 401", p.Code)
	}
	if p := tryLogin(cl, "198.51.100.7", "ann@example.com", testPassword); p.Code != http.StatusSeeOther {
		t.Fatalf("the real user on another address after a typo: %d, want 303 (signed in)", p.Code)
	}
}

// Over the global cap, a real user's second try after one typo is still let
// through; only addresses guessing other accounts or past their free tries wait.
func TestLimiterGlobalCapSparesRealUsers(t *testing.T) {
	l := newLoginLimiter()
	l.globalMax = 5
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 6; i++ { // a spray from one address
		if _, done := l.begin("203.0.113.9", fmt.Sprint("victim", i), now); done != nil {
			done(false)
		}
	}
	_, done := l.begin("198.51.100.7", "ann", now)
	done(false) // a typo
	if v, _ := l.begin("198.51.100.7", "ann", now.Add(time.Second)); v.Wait != 0 {
		t.Fatalf("the real user's second try over the global cap: %+v, want allowed", v)
	}
	if v, _ := l.begin("203.0.113.9", "another", now.Add(time.Second)); v.Wait == 0 {
		t.Fatal("the spraying address may still try new accounts over the global cap")
	}
}
