package web

import (
	"strings"
	"testing"

	"github.com/refsync/refsync/web/api"
)

// The UI links the API's description, which the UI server answers without a session or token.
func TestOpenAPIServedAndLinked(t *testing.T) {
	app := newTestApp(t, func(d *Deps) { d.API = api.New(api.Deps{DB: d.DB}) })
	anon := app.client().get("/api/v1/openapi.json")
	if anon.Code != 200 || !strings.Contains(anon.Body, `"openapi":"3.1.0"`) {
		t.Fatalf("GET /api/v1/openapi.json: %d %.200s", anon.Code, anon.Body)
	}
	if body := app.signedIn("rev@example.com", "reviewer").get("/").Body; !strings.Contains(body, `<a href="/api/v1/openapi.json">`) {
		t.Error("the UI does not link the API description")
	}
}
