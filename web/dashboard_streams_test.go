package web

import (
	"context"
	"strings"
	"testing"
)

// TestDashboardShowsStreams: each watched object's stream appears with its state, kind,
// channel and why it is not subscribed; a stream of an object no longer watched does not.
func TestDashboardShowsStreams(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	set := func(object, mode, kind, channel, state, detail string) {
		if err := app.DB.SetStreamState(ctx, object, mode, kind, channel, state, detail); err != nil {
			t.Fatal(err)
		}
	}
	set("Opportunity", "auto", "cdc", "/data/OpportunityChangeEvent", "subscribed", "")
	set("Lead", "auto", "pushtopic", "/topic/refsync_Lead", "reconnecting", "salesforce: streaming: connect: HTTP 503")
	set("Contact", "off", "", "", "off", "streaming is switched off in Settings; changes arrive with the poll")
	set("Case", "auto", "cdc", "/data/CaseChangeEvent", "subscribed", "")
	if err := app.DB.SaveStreamReplay(ctx, "Opportunity", "/data/OpportunityChangeEvent", 42, 3); err != nil {
		t.Fatal(err)
	}
	body := app.signedIn("rev@example.com", "reviewer").get("/").Body
	for _, want := range []string{`<h2 id="h-streams">Streaming</h2>`, "Change Data Capture <code>/data/OpportunityChangeEvent</code>",
		`<span class="badge state-connected">subscribed</span>`, "PushTopic <code>/topic/refsync_Lead</code>",
		`<span class="badge state-limited">reconnecting</span>`, "HTTP 503", "switched off in Settings", `<td data-label="Events">3</td>`} {
		if !strings.Contains(body, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
	if strings.Contains(body, "CaseChangeEvent") {
		t.Error("dashboard shows the stream of Case, which is not watched")
	}
}
