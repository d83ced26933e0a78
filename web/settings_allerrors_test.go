package web

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// One save reports every kind of problem at once: a value that cannot be
// read, rules out of order and a field Salesforce does not have — and a
// value that cannot be read is not reported a second time as out of range.
func TestSettingsErrorsAllKindsInOneSave(t *testing.T) {
	app := newTestApp(t, func(d *Deps) { d.Describe, d.Objects = testDescribe, testObjects })
	cl := app.signedIn("admin@example.com", "admin")
	form := settingsForm(t, cl.get("/settings").Body)
	form.Set("poll_interval", "often") // cannot be read
	form.Set("review", "99.9")         // above the auto threshold (99.7 %)
	form["ev_field"][0] = "StageNmae"  // not a field of Opportunity
	form.Set("lookback", "soon")       // cannot be read: no second "use at least 1s"
	p := cl.post("/settings", form)
	if p.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", p.Code)
	}
	errs := errorsOf(p.Body)
	for _, want := range []string{"Poll interval", "the review threshold (99.9 %) must not be above", "did you mean StageName", "Look-back"} {
		if !strings.Contains(errs, want) {
			t.Errorf("one save does not report %q: %s", want, errs)
		}
	}
	if strings.Contains(errs, "use at least 1s") {
		t.Errorf("an unreadable look-back is also reported as too short: %s", errs)
	}
	if _, _, err := app.DB.CurrentSettings(context.Background(), 1); err == nil {
		t.Fatal("an invalid form was stored")
	}
}
