package web

import (
	"context"
	"strings"
	"testing"
)

// A rule the org's describe says can no longer fire is on the dashboard, in words.
func TestDashboardShowsRulesThatCannotFire(t *testing.T) {
	app := newTestApp(t)
	line := `Program 1: the rule Opportunity.StageName entered "Closed Won" → approved — it can no longer fire: Salesforce's Opportunity.StageName has no value "Closed Won" now`
	if err := app.DB.SetRuleProblems(context.Background(), []string{line}); err != nil {
		t.Fatal(err)
	}
	p := app.signedIn("admin@example.com", "admin").get("/")
	if !strings.Contains(p.Body, "Rules that cannot fire") || !strings.Contains(p.Body, "has no value &#34;Closed Won&#34; now") {
		t.Fatalf("dashboard does not show the dead rule:\n%s", p.Body)
	}
}
