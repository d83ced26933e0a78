package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/refsync/refsync/store"
)

// After adding, the address is the webhook's own page (a reload is a GET);
// there it can be changed, switched off, tested, an event resent, and deleted.
func TestWebhookManage(t *testing.T) {
	app := newTestApp(t)
	cl := app.signedIn("admin@example.com", "admin")
	p := cl.post("/settings/webhooks", url.Values{"url": {"https://hooks.test/a"}, "events": {"entry.review"}})
	if p.Code != http.StatusSeeOther {
		t.Fatalf("add: %d", p.Code)
	}
	page := p.Location
	if list := cl.get("/settings").Body; !strings.Contains(list, `<span title="entry.review">Entries go to review (digest)</span>`) {
		t.Error("the webhook list shows event codes, not words")
	}
	first := cl.get(page)
	if first.Code != http.StatusOK || !strings.Contains(first.Body, `id="new-secret">whsec_`) {
		t.Fatalf("the new webhook's page: %d, secret shown: %v", first.Code, strings.Contains(first.Body, "whsec_"))
	}
	if reload := cl.get(page); reload.Code != http.StatusOK || strings.Contains(reload.Body, "whsec_") {
		t.Fatalf("reload: %d; the secret must not show again", reload.Code)
	}
	ctx := context.Background()
	hooks, _ := app.DB.ListWebhooks(ctx)
	id := hooks[0].ID

	if p := cl.post(page, url.Values{"url": {"notaurl"}, "events": {"entry.review"}}); p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "URL: write the full address") {
		t.Fatalf("bad edit: %d", p.Code)
	}
	p = cl.post(page, url.Values{"url": {"https://hooks.test/b"}, "events": {"referral.status_changed"}, "description": {"ops"}, "active": {"on"}})
	if p.Code != http.StatusSeeOther || p.Location != page {
		t.Fatalf("edit: %d %q", p.Code, p.Location)
	}
	w, _ := app.DB.WebhookByID(ctx, id)
	if w.URL != "https://hooks.test/b" || strings.Join(w.Events, ",") != "referral.status_changed" || w.Description != "ops" || !w.Active {
		t.Fatalf("after edit: %+v", w)
	}
	cl.post(page+"/active", url.Values{"active": {"0"}})
	if w, _ := app.DB.WebhookByID(ctx, id); w.Active {
		t.Fatal("switch off did not")
	}
	cl.post(page+"/active", url.Values{"active": {"1"}})

	if p := cl.post(page+"/test", nil); p.Code != http.StatusSeeOther {
		t.Fatalf("test: %d", p.Code)
	}
	out, _ := app.DB.ListOutbox(ctx, id, 10)
	if len(out) != 1 || out[0].Event != "webhook.test" || out[0].State != store.OutboxPending {
		t.Fatalf("test event not queued: %+v", out)
	}
	body := cl.get(page).Body
	if !strings.Contains(body, "Test event #") {
		t.Fatalf("no word about the test: %s", flashOf(body))
	}
	app.DB.RecordDelivery(ctx, out[0].ID, 200, "", 0, time.Time{})
	if body := cl.get(page).Body; !strings.Contains(body, ">Send again</button>") {
		t.Fatal("a delivered event offers no resend")
	}
	if p := cl.post(page+"/resend", url.Values{"outbox": {itoa(out[0].ID)}}); p.Code != http.StatusSeeOther {
		t.Fatalf("resend: %d", p.Code)
	}
	if out, _ := app.DB.ListOutbox(ctx, id, 10); len(out) != 2 {
		t.Fatalf("resend queued %d rows, want 2", len(out))
	}
	audit := cl.get("/settings/audit").Body
	for _, want := range []string{"Webhook added", "Webhook changed", "Webhook tested", "Webhook delivery sent again"} {
		if !strings.Contains(audit, want) {
			t.Errorf("audit lacks %q", want)
		}
	}
	if p := cl.post(page+"/delete", nil); p.Code != http.StatusSeeOther {
		t.Fatalf("delete: %d", p.Code)
	}
	if p := cl.get(page); p.Code != http.StatusNotFound {
		t.Fatalf("deleted webhook page: %d", p.Code)
	}
	if p := app.signedIn("rev@example.com", "reviewer").post(page+"/delete", nil); p.Code != http.StatusForbidden {
		t.Errorf("a reviewer may delete webhooks: %d", p.Code)
	}
}
