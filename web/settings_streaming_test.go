package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/refsync/refsync/config"
)

// TestSettingsStreamingChoice: the per-object streaming choice is saved, shown again as typed,
// kept by a save that leaves it alone, and refused in words when it names no mode or object.
func TestSettingsStreamingChoice(t *testing.T) {
	app := newTestApp(t)
	cl := app.signedIn("admin@example.com", "admin")
	form := settingsForm(t, cl.get("/settings").Body)
	form.Set("streaming", "Opportunity: cdc, Lead=OFF")
	if p := cl.post("/settings", form); p.Code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", p.Code, errorsOf(p.Body))
	}
	stored := func() *config.Rules {
		body, _, err := app.DB.CurrentSettings(context.Background(), 1)
		if err != nil {
			t.Fatal(err)
		}
		r, err := config.ParseRules(body)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := stored(); r.StreamMode("Opportunity") != "cdc" || r.StreamMode("Lead") != "off" || r.StreamMode("Contact") != "auto" {
		t.Fatalf("stored streaming %v", r.Streaming)
	}
	page := cl.get("/settings").Body
	if !strings.Contains(page, `value="Lead: off, Opportunity: cdc"`) && !strings.Contains(page, `value="Opportunity: cdc, Lead: off"`) {
		t.Fatalf("the form does not show the choice: %s", page[strings.Index(page, `id="streaming"`):][:200])
	}
	if p := cl.post("/settings", settingsForm(t, page)); p.Code != http.StatusSeeOther {
		t.Fatalf("second save: %d %s", p.Code, errorsOf(p.Body))
	}
	if r := stored(); r.StreamMode("Lead") != "off" {
		t.Fatal("a save that left streaming alone lost the choice")
	}
	for _, tc := range []struct{ value, says string }{
		{"Opportunity", "needs an object and a choice"},
		{"Opportunity: sometimes", "must be one of auto, cdc, pushtopic, off"},
		{"Case: off", "is not in objects"},
	} {
		form.Set("streaming", tc.value)
		if p := cl.post("/settings", form); p.Code != http.StatusUnprocessableEntity || !strings.Contains(errorsOf(p.Body), tc.says) {
			t.Errorf("%q: status %d, want 422 saying %q; got %s", tc.value, p.Code, tc.says, errorsOf(p.Body))
		}
	}
}
