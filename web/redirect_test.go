package web

import (
	"net/http"
	"net/url"
	"testing"
)

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"/entries": "/entries", "/entries?reason=ambiguous": "/entries?reason=ambiguous", "": "/",
		"https://evil.test/": "/", "//evil.test/x": "/", "/\\evil.test": "/", "entries": "/",
		"/\t/evil.test/pwned": "/", "/\n/evil.test": "/", "/ /evil.test": "/", "/%2F/evil.test": "/", "/%5Cevil.test": "/",
		"javascript:alert(1)": "/", "/\x00/evil.test": "/", "/\u00a0/evil.test": "/",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"/entries?reason=ambiguous": "/entries?reason=ambiguous", "/settings": "/entries", "/entriesX": "/entries",
		"/entries/\t/evil.test": "/entries", "//evil.test/entries": "/entries",
	} {
		if got := safeBack(in); got != want {
			t.Errorf("safeBack(%q) = %q, want %q", in, got, want)
		}
	}
}

// The redirect after sign-in never leaves the site, whatever next says.
func TestLoginNextStaysOnSite(t *testing.T) {
	app := newTestApp(t)
	app.addUser("ann@example.com", "reviewer")
	for _, next := range []string{"/\t/evil.test/pwned", "/%09/evil.test/pwned", "//evil.test", "/\\evil.test"} {
		cl := app.client()
		form := url.Values{"email": {"ann@example.com"}, "password": {testPassword}, "next": {next}}
		p := cl.post("/login", form)
		if p.Code != http.StatusSeeOther || p.Location != "/" {
			t.Errorf("next=%q: status %d, Location %q, want 303 to /", next, p.Code, p.Location)
		}
	}
}

// The bulk form's back field cannot send the browser elsewhere either.
func TestBulkBackStaysOnSite(t *testing.T) {
	app := newTestApp(t)
	cl := app.signedIn("rev@example.com", "reviewer")
	p := cl.post("/entries/bulk", url.Values{"action": {"retry"}, "back": {"/entries/\t/evil.test"}})
	if p.Code != http.StatusSeeOther || p.Location != "/entries" {
		t.Fatalf("status %d, Location %q, want 303 to /entries", p.Code, p.Location)
	}
}
