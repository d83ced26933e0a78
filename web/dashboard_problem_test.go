package web

import (
	"context"
	"html"
	"strings"
	"testing"
)

// An object the connector explained (which field, what to do) shows that
// advice and when it is polled again, not Salesforce's raw error.
func TestDashboardShowsTheConnectorsAdvice(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	if err := app.DB.FinishSyncRun(ctx, "Opportunity", "salesforce HTTP 400 INVALID_FIELD: No such column 'Referral_ID__c' on entity 'Opportunity'", false); err != nil {
		t.Fatal(err)
	}
	advice := "Salesforce does not let the integration user see the field Opportunity.Referral_ID__c (INVALID_FIELD): make it visible."
	if err := app.DB.SetSyncProblem(ctx, "Opportunity", advice, "2026-12-02T17:05:00.000+0000"); err != nil {
		t.Fatal(err)
	}
	body := html.UnescapeString(app.signedIn("admin@example.com", "admin").get("/").Body)
	for _, want := range []string{advice, "next try 2026-12-02 17:05 UTC"} {
		if !strings.Contains(body, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
}
