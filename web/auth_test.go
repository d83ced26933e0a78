package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestPagesNeedASession(t *testing.T) {
	app := newTestApp(t)
	cl := app.client()
	for _, tc := range []struct{ method, path string }{
		{"GET", "/"}, {"GET", "/entries"}, {"GET", "/entries/1"}, {"GET", "/referrals"}, {"GET", "/referrals/ref_x"},
		{"GET", "/settings"}, {"GET", "/settings/audit"},
		{"POST", "/entries/bulk"}, {"POST", "/entries/1/apply"}, {"POST", "/entries/1/retry"}, {"POST", "/entries/1/dismiss"},
		{"POST", "/settings"}, {"POST", "/settings/reconnect"}, {"POST", "/settings/webhooks"}, {"POST", "/settings/rescan"},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			var p page
			if tc.method == "GET" {
				p = cl.get(tc.path)
			} else {
				p = cl.post(tc.path, nil) // a same-origin post: only the missing session refuses it
			}
			if p.Code != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login") {
				t.Fatalf("status %d location %q, want 303 to /login", p.Code, p.Location)
			}
		})
	}
	if len(app.Rev.Calls()) != 0 {
		t.Fatalf("reviewer was called without a session: %v", app.Rev.Calls())
	}
}

func TestLoginAndLogout(t *testing.T) {
	app := newTestApp(t, func(d *Deps) { d.SecureCookie = true })
	app.addUser("ann@example.com", "reviewer")
	cl := app.client()
	for _, tc := range []struct {
		name, email, pw string
		code            int
		says            string
	}{
		{"unknown email", "nobody@example.com", testPassword, http.StatusUnauthorized, "do not match an account"},
		{"wrong password", "ann@example.com", "wrong password!", http.StatusUnauthorized, "do not match an account"},
		{"empty password", "ann@example.com", "", http.StatusUnprocessableEntity, "Enter your email and your password"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, body := cl.login(tc.email, tc.pw)
			if res.StatusCode != tc.code || !strings.Contains(body, tc.says) {
				t.Fatalf("status %d, want %d saying %q; body: %.300s", res.StatusCode, tc.code, tc.says, body)
			}
			if cl.hasSession() {
				t.Fatal("a failed sign-in set a session cookie")
			}
		})
	}
	res, _ := cl.login("ANN@example.com", testPassword)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("sign in: status %d location %q", res.StatusCode, res.Header.Get("Location"))
	}
	var session *http.Cookie
	for _, ck := range res.Cookies() {
		if ck.Name == sessionCookie {
			session = ck
		}
	}
	if session == nil || !session.HttpOnly || !session.Secure || session.SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie = %+v, want HttpOnly, Secure, SameSite=Lax", session)
	}
	if p := cl.get("/"); p.Code != http.StatusOK || !strings.Contains(p.Body, "ann@example.com") {
		t.Fatalf("dashboard after sign-in: %d", p.Code)
	}
	// signing in again (e.g. as someone else on a shared browser) ends the earlier session
	app.addUser("bob@example.com", "admin")
	if res, _ := cl.login("bob@example.com", testPassword); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("second sign-in: %d", res.StatusCode)
	}
	if _, _, err := app.DB.SessionUser(context.Background(), session.Value); err == nil {
		t.Fatal("the first session outlived the second sign-in")
	}
	if res, _ := cl.login("ann@example.com", testPassword); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("third sign-in: %d", res.StatusCode)
	}
	for _, ck := range cl.c.Jar.Cookies(mustURL(app.Srv.URL)) {
		if ck.Name == sessionCookie {
			session = ck
		}
	}
	if p := cl.post("/logout", nil); p.Code != http.StatusSeeOther || p.Location != "/login" {
		t.Fatalf("logout: %d %q", p.Code, p.Location)
	}
	// the old cookie value no longer opens anything, even if a browser kept it
	cl2 := app.client()
	u, _ := url.Parse(app.Srv.URL)
	cl2.c.Jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: session.Value}})
	if p := cl2.get("/entries"); p.Code != http.StatusSeeOther {
		t.Fatalf("old session after logout: status %d, want 303", p.Code)
	}
}

func TestLoginKeepsTheRequestedPage(t *testing.T) {
	app := newTestApp(t)
	app.addUser("ann@example.com", "reviewer")
	cl := app.client()
	p := cl.get("/entries?reason=ambiguous")
	if p.Location != "/login?next="+url.QueryEscape("/entries?reason=ambiguous") {
		t.Fatalf("location %q", p.Location)
	}
	form := url.Values{"email": {"ann@example.com"}, "password": {testPassword}, "next": {"/entries?reason=ambiguous"}}
	if p := cl.post("/login", form); p.Location != "/entries?reason=ambiguous" {
		t.Fatalf("after sign-in went to %q", p.Location)
	}
}

func TestReviewersCannotReachSettings(t *testing.T) {
	app := newTestApp(t)
	cl := app.signedIn("rev@example.com", "reviewer")
	for _, tc := range []struct{ method, path string }{
		{"GET", "/settings"}, {"GET", "/settings/audit"}, {"POST", "/settings"}, {"POST", "/settings/reconnect"}, {"POST", "/settings/webhooks"}, {"POST", "/settings/rescan"},
		{"GET", "/settings/webhooks/1"},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			var p page
			if tc.method == "GET" {
				p = cl.get(tc.path)
			} else {
				p = cl.post(tc.path, url.Values{"url": {"https://x.test"}, "events": {"entry.review"}})
			}
			if p.Code != http.StatusForbidden || !strings.Contains(p.Body, "Only admins") {
				t.Fatalf("status %d, want 403", p.Code)
			}
		})
	}
	if strings.Contains(cl.get("/").Body, `href="/settings"`) {
		t.Fatal("the menu offers Settings to a reviewer")
	}
	if calls := app.Rev.Calls(); len(calls) != 0 {
		t.Fatalf("reviewer reached an admin action: %v", calls)
	}
}
