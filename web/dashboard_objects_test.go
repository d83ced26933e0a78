package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// The dashboard counts review and failed entries per watched object, leaves
// out objects no longer watched, says what to do about failures by their
// reason, and lets an admin pause an object.
func TestDashboardPerObjectAndPause(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	for _, o := range []string{"Opportunity", "Acount"} {
		if err := app.DB.FinishSyncRun(ctx, o, "INVALID_TYPE: sObject type 'Acount' is not supported", false); err != nil {
			t.Fatal(err)
		}
	}
	for i, e := range []struct {
		object  string
		outcome matching.EntryOutcome
		reason  string
	}{{"Opportunity", matching.EntryFailed, matching.ReasonMappingInvalid}, {"Opportunity", matching.EntryFailed, matching.ReasonMappingInvalid},
		{"Opportunity", matching.EntryReview, matching.ReasonNoMatch}, {"Lead", matching.EntryFailed, matching.ReasonCRMError}} {
		app.addEntry(&matching.Entry{Object: e.object, RecordID: "r" + itoa(int64(i)), Modstamp: "m", Outcome: e.outcome, Reason: e.reason})
	}
	cl := app.signedIn("admin@example.com", "admin")
	body := cl.get("/").Body
	for _, want := range []string{
		`<a href="/entries?object=Opportunity">1</a>`, `<a href="/entries?object=Opportunity&amp;outcome=failed">2</a>`,
		"2 because the settings do not fit Salesforce: fix Settings, then retry them",
		"1 because Salesforce answered with an error: retry them once it answers again",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("dashboard lacks %s", want)
		}
	}
	if !strings.Contains(body, "Opportunity — connected, but their sync fails") {
		t.Error("the connection card does not say that an object's sync fails")
	}
	if strings.Contains(body, "Acount") {
		t.Error("an object no longer watched still shows")
	}
	if p := cl.post("/settings/pause", url.Values{"object": {"Lead"}, "paused": {"1"}}); p.Code != http.StatusSeeOther {
		t.Fatalf("pause: %d", p.Code)
	}
	body = cl.get("/").Body
	if !strings.Contains(body, "Polling of Lead is paused") || !strings.Contains(body, `value="0" class="secondary">Resume`) {
		t.Fatalf("pause not shown: %s", flashOf(body))
	}
	raw, _, err := app.DB.CurrentSettings(ctx, store.DefaultProgram)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := config.ParseRules(raw)
	if got := strings.Join(r.Polled(), ","); got != "Contact,Opportunity" {
		t.Fatalf("polled objects after pausing Lead: %s", got)
	}
	if audit := cl.get("/settings/audit").Body; !strings.Contains(audit, "Object paused") {
		t.Error("the pause is not in the audit log in words")
	}
	cl.post("/settings/pause", url.Values{"object": {"Lead"}, "paused": {"0"}})
	raw, _, _ = app.DB.CurrentSettings(ctx, store.DefaultProgram)
	r, _ = config.ParseRules(raw)
	if len(r.Paused) != 0 {
		t.Fatalf("resume left %v paused", r.Paused)
	}
}
