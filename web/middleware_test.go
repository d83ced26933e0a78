package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/refsync/refsync/store"
	"github.com/refsync/refsync/web/api"
)

// endless is a body of n bytes that counts how much of it was read.
type endless struct {
	n, read atomic.Int64
	prefix  []byte
}

func (e *endless) Read(p []byte) (int, error) {
	done := e.read.Load()
	if done >= e.n.Load() {
		return 0, io.EOF
	}
	k := min(int64(len(p)), e.n.Load()-done)
	for i := range p[:k] {
		p[i] = 'a'
		if off := done + int64(i); off < int64(len(e.prefix)) {
			p[i] = e.prefix[off]
		}
	}
	e.read.Add(k)
	return int(k), nil
}

// A 150 MB multipart upload to the login form, without Content-Length, is
// refused after the limit instead of being spooled to disk.
func TestBodyLimitBeforeParsing(t *testing.T) {
	app := newTestApp(t)
	body := &endless{prefix: []byte("--xx\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\n")}
	body.n.Store(150 << 20)
	req, _ := http.NewRequest(http.MethodPost, app.Srv.URL+"/login", body)
	req.Header.Set("Content-Type", "multipart/form-data; boundary=xx")
	req.ContentLength = -1 // chunked: only reading can tell the size
	res, err := http.DefaultClient.Do(req)
	if err == nil {
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(b), "larger than refsync accepts") {
			t.Fatalf("status %d, want 413 with a sentence; body %.300s", res.StatusCode, b)
		}
	}
	t.Logf("150 MB chunked multipart to /login: the server read %d KB before answering", body.read.Load()>>10)
	if got := body.read.Load(); got > 8<<20 {
		t.Fatalf("the server read %d MB of the upload", got>>20)
	}
	// With a declared length, it is refused before a byte is read.
	cl := app.client()
	p := cl.postRaw("/login", url.Values{"email": {strings.Repeat("a", uiBodyLimit)}}, "Sec-Fetch-Site", "same-origin")
	if p.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("a %d KB form: status %d, want 413", uiBodyLimit>>10, p.Code)
	}
}

func TestBodyLimitOnTheAPI(t *testing.T) {
	app := newTestApp(t, func(d *Deps) { d.API = api.New(api.Deps{DB: d.DB}) })
	tok, _, err := app.DB.CreateAPIToken(context.Background(), "zap", store.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, app.Srv.URL+"/api/v1/referrals/bulk", bytes.NewReader(make([]byte, apiBodyLimit+1)))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	p := app.client().do(req)
	if p.Code != http.StatusRequestEntityTooLarge || !strings.Contains(p.Body, `"too_large"`) {
		t.Fatalf("status %d, want 413 in the API's JSON shape; body %.300s", p.Code, p.Body)
	}
}

// The request log has method, path, status, latency and user — and never a
// password, a token or the query string.
func TestRequestLog(t *testing.T) {
	var logs bytes.Buffer
	app := newTestApp(t, func(d *Deps) {
		d.Logger = slog.New(slog.NewTextHandler(&logs, nil))
		d.API = api.New(api.Deps{DB: d.DB})
	})
	cl := app.signedIn("ann@example.com", "admin")
	cl.get("/entries?q=secret-search-term")
	tok, _, err := app.DB.CreateAPIToken(context.Background(), "zapier", store.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, app.Srv.URL+"/api/v1/referrals", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	cl.do(req)
	out := logs.String()
	for _, want := range []string{
		`msg="http request" method=POST path=/login status=303`,
		`method=GET path=/entries status=200 latency=`,
		`user=user:ann@example.com`,
		`method=GET path=/api/v1/referrals status=200`,
		`user=api:zapier`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the log lacks %q:\n%s", want, out)
		}
	}
	for _, secret := range []string{testPassword, "secret-search-term", tok} {
		if strings.Contains(out, secret) {
			t.Errorf("the log contains %q:\n%s", secret, out)
		}
	}
}
