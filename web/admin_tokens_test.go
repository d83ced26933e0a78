package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/refsync/refsync/store"
	"github.com/refsync/refsync/web/api"
)

var shownToken = regexp.MustCompile(`<code id="new-token">([^<]+)</code>`)

// apiGet calls the HTTP API with a bearer token and returns the status.
func apiGet(t *testing.T, app *testApp, path, token string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, app.Srv.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// A token created on the page is shown once, works with the API and shows
// its last use; once revoked on the page the API refuses it.
func TestTokenCreatedAndRevokedInTheUI(t *testing.T) {
	app := newTestApp(t, func(d *Deps) { d.API = api.New(api.Deps{DB: d.DB}) })
	admin := app.signedIn("boss@example.com", store.RoleAdmin)
	p := admin.post("/settings/tokens", url.Values{"name": {"zapier"}, "role": {"reviewer"}})
	m := shownToken.FindStringSubmatch(p.Body)
	if p.Code != http.StatusOK || m == nil {
		t.Fatalf("create token: %d %s", p.Code, p.Body)
	}
	if code := apiGet(t, app, "/api/v1/entries", m[1]); code != http.StatusOK {
		t.Fatalf("the new token on the API: %d", code)
	}
	list := admin.get("/settings/tokens")
	if strings.Contains(list.Body, m[1]) || !strings.Contains(list.Body, "zapier") || strings.Contains(list.Body, "never") {
		t.Fatalf("the list shows the secret again or no last use:\n%s", list.Body)
	}
	tokens, _ := app.DB.ListAPITokens(context.Background())
	if len(tokens) != 1 || tokens[0].Role != store.RoleReviewer {
		t.Fatalf("tokens: %+v", tokens)
	}
	if p := admin.post("/settings/tokens/"+itoa(tokens[0].ID)+"/revoke", nil); p.Code != http.StatusSeeOther {
		t.Fatalf("revoke: %d %s", p.Code, p.Body)
	}
	if code := apiGet(t, app, "/api/v1/entries", m[1]); code != http.StatusUnauthorized {
		t.Fatalf("a revoked token on the API: %d", code)
	}
	rows, _, _ := app.DB.ListAudit(context.Background(), store.AuditFilter{Limit: 10})
	var acts []string
	for _, r := range rows {
		acts = append(acts, r.Action+" "+r.Actor)
	}
	for _, want := range []string{"token.create user:boss@example.com", "token.revoke user:boss@example.com"} {
		if !strings.Contains(strings.Join(acts, "\n"), want) {
			t.Errorf("audit lacks %q: %v", want, acts)
		}
	}
	if p := admin.post("/settings/tokens", url.Values{"name": {" "}, "role": {"admin"}}); p.Code != http.StatusBadRequest || !strings.Contains(p.Body, "Give the token a name") {
		t.Fatalf("a token without a name: %d", p.Code)
	}
}
