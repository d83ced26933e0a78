package web

import (
	"context"
	"strings"
	"testing"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/store"
)

// Webhook secrets stored with another REFSYNC_SECRET_KEY: the dashboard says
// so and what to do, instead of letting every delivery fail unseen.
func TestDashboardSaysTheSecretKeyIsWrong(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	for i, key := range []string{strings.Repeat("a", 40), strings.Repeat("b", 40)} {
		box, _ := config.NewSecretBox(key)
		if _, err := app.DB.UseSecretBox(ctx, box); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if err := app.DB.CreateWebhook(ctx, &store.Webhook{URL: "https://hooks.example.com/a", Events: []string{"entry.review"}, Secret: "whsec_x"}, "test"); err != nil {
				t.Fatal(err)
			}
		}
	}
	p := app.signedIn("ann@example.com", store.RoleAdmin).get("/")
	if !strings.Contains(p.Body, `id="secret-key"`) || !strings.Contains(p.Body, "REFSYNC_SECRET_KEY is not the key it was stored with") {
		t.Fatalf("the dashboard does not say the key is wrong:\n%.2000s", p.Body)
	}
}
