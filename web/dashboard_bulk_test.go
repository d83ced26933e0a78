package web

import (
	"context"
	"strings"
	"testing"
)

// TestDashboardShowsRunningBulkJob: a backfill running as a Bulk API 2.0 job
// appears with its state and how many of its records were read; a finished
// one says so; with none the block is absent.
func TestDashboardShowsRunningBulkJob(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	rev := app.signedIn("rev@example.com", "reviewer")
	page := func() string { return rev.get("/").Body }
	if strings.Contains(page(), "h-bulk") {
		t.Fatal("the dashboard shows a bulk block before any bulk job ran")
	}
	if err := app.DB.SetBulkJob(ctx, "Lead", "750Em0000000001IAA", "JobComplete", 1000000, 250000, ""); err != nil {
		t.Fatal(err)
	}
	body := page()
	for _, want := range []string{`<h2 id="h-bulk">Backfills through Bulk API 2.0</h2>`, "<code>750Em0000000001IAA</code>",
		`<span class="badge state-limited">reading results</span>`, `<progress max="1000000" value="250000"`, "250000 of 1000000 records (25%)"} {
		if !strings.Contains(body, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
	if err := app.DB.SetBulkJob(ctx, "Lead", "750Em0000000001IAA", "Done", 1000000, 1000000, ""); err != nil {
		t.Fatal(err)
	}
	if body := page(); !strings.Contains(body, `<span class="badge state-connected">Done</span>`) || !strings.Contains(body, "(100%)") {
		t.Errorf("a finished bulk job is not shown as done")
	}
}
