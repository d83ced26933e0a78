package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestCSRFRefusals(t *testing.T) {
	app := newTestApp(t)
	_, _, entry := app.seed()
	cl := app.signedIn("rev@example.com", "reviewer")
	good := cl.token("/")
	path := "/entries/" + itoa(entry.ID) + "/dismiss"
	for _, tc := range []struct {
		name   string
		form   url.Values
		header []string
	}{
		{"no token", url.Values{"note": {"x"}}, nil},
		{"wrong token", url.Values{"note": {"x"}, "_csrf": {good + "x"}}, nil},
		{"token of another session", url.Values{"note": {"x"}, "_csrf": {app.signedIn("other@example.com", "reviewer").token("/")}}, nil},
		{"cross-site post", url.Values{"note": {"x"}, "_csrf": {good}}, []string{"Sec-Fetch-Site", "cross-site"}},
		{"sibling subdomain", url.Values{"note": {"x"}, "_csrf": {good}}, []string{"Sec-Fetch-Site", "same-site"}},
		{"valid token, foreign Origin", url.Values{"note": {"x"}, "_csrf": {good}}, []string{"Origin", "https://evil.test"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := cl.postRaw(path, tc.form, tc.header...)
			if p.Code != http.StatusForbidden || !strings.Contains(p.Body, "Reload the page") {
				t.Fatalf("status %d, want 403 with advice; body %.200s", p.Code, p.Body)
			}
		})
	}
	if len(app.Rev.Calls()) != 0 {
		t.Fatalf("reviewer called despite a bad token: %v", app.Rev.Calls())
	}
	if p := cl.postRaw(path, url.Values{"note": {"x"}, "_csrf": {good}}, "Origin", app.Srv.URL); p.Code != http.StatusSeeOther {
		t.Fatalf("the session's token from this origin: %d, want 303", p.Code)
	}
}

// Login CSRF: another site cannot sign a victim's browser in to the
// attacker's account, even with a CSRF cookie it managed to set beforehand.
func TestLoginCSRF(t *testing.T) {
	app := newTestApp(t)
	app.addUser("mallory@example.com", "reviewer")
	const planted = "attacker-chosen-token-0123456789abcdef0123456789"
	for _, header := range [][]string{{"Origin", "https://evil.test"}, {"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.test"}} {
		cl := app.client()
		cl.c.Jar.SetCookies(mustURL(app.Srv.URL), []*http.Cookie{{Name: "_csrf", Value: planted, Path: "/"}})
		form := url.Values{"email": {"mallory@example.com"}, "password": {testPassword}, "_csrf": {planted}}
		if p := cl.postRaw("/login", form, header...); p.Code != http.StatusForbidden {
			t.Fatalf("%v: status %d, want 403", header, p.Code)
		}
		if cl.hasSession() {
			t.Fatal("a cross-origin sign-in set a session")
		}
	}
}
