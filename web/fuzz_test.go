package web

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// FuzzFormHandlers posts arbitrary form bodies to every form handler of the UI
// as a signed-in admin: whatever arrives, the answer is a page (never a 500 or
// a panic), and a redirect never leaves the site.
func FuzzFormHandlers(f *testing.F) {
	app := newTestApp(f)
	_, _, entry := app.seed()
	cl := app.signedIn("admin@example.com", "admin")
	token := cl.token("/")
	id := itoa(entry.ID)
	paths := []string{"/login", "/logout", "/entries/bulk", "/entries/" + id + "/apply", "/entries/" + id + "/retry",
		"/entries/" + id + "/dismiss", "/settings", "/settings/webhooks", "/settings/rescan", "/entries/999999/apply"}
	for _, seed := range []string{"", "action=retry&id=" + id, "action=dismiss&id=1&id=x&note=%00", "referral_id=../../x&remember=on",
		"next=/%09/evil.test&email=a&password=b", "objects=User&poll_interval=-1s", "url=http://127.0.0.1/&events=entry.review",
		"backfill=2026-13-45", "%zz=1&&=&a", "back=//evil.test&action=retry&id=" + id, strings.Repeat("a=b&", 500)} {
		for i := range paths {
			f.Add(uint8(i), seed)
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, body string) {
		path := paths[int(which)%len(paths)]
		if path == "/logout" || path == "/login" {
			return // they would end the session the other paths need; the login form is fuzzed below
		}
		req, _ := http.NewRequest(http.MethodPost, app.Srv.URL+path, strings.NewReader(body+"&_csrf="+url.QueryEscape(token)))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		check(t, cl.c, req, body)
		login, _ := http.NewRequest(http.MethodPost, app.Srv.URL+"/login", strings.NewReader(body))
		login.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		login.Header.Set("Sec-Fetch-Site", "same-origin")
		check(t, app.client().c, login, body)
	})
}

// check sends req and fails on a 5xx answer or a redirect off the site.
func check(t *testing.T, c *http.Client, req *http.Request, body string) {
	t.Helper()
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 500 {
		t.Fatalf("POST %s %q: status %d: %.300s", req.URL.Path, body, res.StatusCode, b)
	}
	if loc := res.Header.Get("Location"); loc != "" && !localPath(loc) {
		t.Fatalf("POST %s %q: redirect to %q", req.URL.Path, body, loc)
	}
}
