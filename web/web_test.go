package web

import (
	"net/http"
	"strings"
	"testing"
)

func TestAPIMountedWithoutSessionOrCSRF(t *testing.T) {
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTeapot)
		w.Write([]byte(`{"path":"` + r.URL.Path + `","auth":"` + r.Header.Get("Authorization") + `"}`))
	})
	app := newTestApp(t, func(d *Deps) { d.API = api })
	cl := app.client()
	for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodDelete} {
		req, _ := http.NewRequest(method, app.Srv.URL+"/api/v1/referrals?x=1", strings.NewReader(`{}`))
		req.Header.Set("Authorization", "Bearer tok")
		p := cl.do(req)
		if p.Code != http.StatusTeapot || !strings.Contains(p.Body, `"path":"/api/v1/referrals"`) || !strings.Contains(p.Body, "Bearer tok") {
			t.Fatalf("%s /api/v1/referrals reached: %d %s", method, p.Code, p.Body)
		}
	}
	if p := cl.get("/api/v1"); p.Code != http.StatusTeapot {
		t.Fatalf("/api/v1 itself: %d", p.Code)
	}
	noAPI := newTestApp(t)
	if p := noAPI.client().get("/api/v1/referrals"); p.Code != http.StatusNotFound {
		t.Fatalf("without an API handler: %d, want 404", p.Code)
	}
}

func TestErrorPagesAndHeaders(t *testing.T) {
	app := newTestApp(t)
	cl := app.signedIn("rev@example.com", "reviewer")
	p := cl.get("/no/such/page")
	if p.Code != http.StatusNotFound || !strings.Contains(p.Body, "That page does not exist") || !strings.Contains(p.Body, "<nav") {
		t.Fatalf("404 page: %d", p.Code)
	}
	p = cl.get("/entries")
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options"} {
		if p.Header.Get(h) == "" {
			t.Errorf("header %s missing", h)
		}
	}
	if p.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("pages may be cached: %q", p.Header.Get("Cache-Control"))
	}
	if css := cl.get("/static/style.css"); css.Code != http.StatusOK || !strings.Contains(css.Header.Get("Content-Type"), "css") {
		t.Fatalf("stylesheet: %d %s", css.Code, css.Header.Get("Content-Type"))
	}
	if _, err := New(Deps{}); err == nil {
		t.Fatal("New without a database must fail")
	}
}
