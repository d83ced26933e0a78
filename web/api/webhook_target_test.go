package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/refsync/refsync/store"
)

// By default the API refuses webhook URLs on private, loopback and link-local addresses.
func TestWebhookPrivateTargetRefused(t *testing.T) {
	db := openDB(t)
	h := New(Deps{DB: db})
	tok, _, err := db.CreateAPIToken(context.Background(), "zap", store.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"http://127.0.0.1:8080/hook", "http://169.254.169.254/latest", "http://[::1]:9000/", "http://localhost/x", "http://10.0.0.7/"} {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/webhooks", strings.NewReader(`{"url":"`+u+`","events":["entry.review"]}`))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `"field":"url"`) || !strings.Contains(rec.Body.String(), "REFSYNC_WEBHOOKS_ALLOW_PRIVATE") {
			t.Errorf("%s: %d %s, want 422 naming url and the setting", u, rec.Code, rec.Body)
		}
	}
}

// A webhook URL of 5,000 characters is refused for its length, in words.
func TestWebhookURLTooLong(t *testing.T) {
	db := openDB(t)
	h := New(Deps{DB: db})
	tok, _, err := db.CreateAPIToken(context.Background(), "zap", store.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/api/v1/webhooks", strings.NewReader(`{"url":"https://hooks.example.com/`+strings.Repeat("a", 5000)+`","events":["entry.review"]}`))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `"field":"url"`) || !strings.Contains(rec.Body.String(), "at most 2048") {
		t.Fatalf("a 5,000-character URL: %d %s, want 422 saying at most 2048 characters", rec.Code, rec.Body)
	}
}
