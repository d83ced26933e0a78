//go:build e2e

package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// In a real browser, neither the login form's next nor the bulk form's back
// can send the user to another site, however the target is disguised
// (browsers drop tabs and read backslashes as slashes).
func TestE2ERedirectsStayOnSite(t *testing.T) {
	app := newTestApp(t)
	_, _, _ = app.seed()
	app.addUser("sales@example.com", "reviewer")
	var hits atomic.Int64
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte("<h1>pwned</h1>"))
	}))
	defer evil.Close()
	host := strings.TrimPrefix(evil.URL, "http://")
	wd := startBrowser(t)

	for _, next := range []string{"/\t/" + host + "/pwned", "/\\" + host + "/pwned", "//" + host + "/pwned"} {
		wd.open(app.Srv.URL + "/login?next=" + url.QueryEscape(next))
		wd.find("#email").typeText("sales@example.com")
		wd.find("#password").typeText(testPassword)
		wd.find("form[action='/login'] button[type=submit]").click()
		waitURL(t, wd, app.Srv.URL)
		if got := wd.currentURL(); !strings.HasPrefix(got, app.Srv.URL+"/") || hits.Load() != 0 {
			t.Fatalf("next=%q: the browser went to %s (other site hit %d times)", next, got, hits.Load())
		}
		wd.open(app.Srv.URL + "/")
		wd.find("form.logout button[type=submit]").click()
		waitURL(t, wd, app.Srv.URL+"/login")
	}

	wd.open(app.Srv.URL + "/login")
	wd.find("#email").typeText("sales@example.com")
	wd.find("#password").typeText(testPassword)
	wd.find("form[action='/login'] button[type=submit]").click()
	wd.waitFor("h1", "Dashboard")
	wd.open(app.Srv.URL + "/entries")
	wd.waitFor("h1", "Review queue")
	wd.script(`const f = document.getElementById('bulk');
f.querySelector('input[name=back]').value = '/\t/` + host + `/pwned';
const a = document.createElement('input'); a.type = 'hidden'; a.name = 'action'; a.value = 'retry'; f.appendChild(a);
f.submit(); return '';`)
	waitURL(t, wd, app.Srv.URL+"/entries")
	if got := wd.currentURL(); !strings.HasPrefix(got, app.Srv.URL+"/entries") || hits.Load() != 0 {
		t.Fatalf("bulk back: the browser went to %s (other site hit %d times)", got, hits.Load())
	}
}

// waitURL waits (up to 10 s) until the browser has left the page it was on for one starting with prefix.
func waitURL(t *testing.T, wd *browser, prefix string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if u := wd.currentURL(); strings.HasPrefix(u, prefix) && !strings.Contains(u, "/login?next=") {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}
