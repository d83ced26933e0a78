package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/refsync/refsync/store"
)

// TestDashboardShowsOutgoingWorkPerKind: pending, running and failed jobs of
// each kind appear with the oldest waiting one's age and the next attempt.
func TestDashboardShowsOutgoingWorkPerKind(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	for _, ref := range []string{"r1", "r2", "r3"} {
		if err := app.DB.EnqueueJob(ctx, store.JobSFPush, ref); err != nil {
			t.Fatal(err)
		}
	}
	if err := app.DB.EnqueueJob(ctx, store.JobSFStatus, "r1"); err != nil {
		t.Fatal(err)
	}
	jobs, err := app.DB.ClaimJobs(ctx, store.JobSFPush, 2, time.Minute)
	if err != nil || len(jobs) != 2 {
		t.Fatalf("claim = %d, %v", len(jobs), err)
	}
	if err := app.DB.FailJobs(ctx, []int64{jobs[0].ID}, "DUPLICATES_DETECTED"); err != nil {
		t.Fatal(err)
	}
	if err := app.DB.RetryJobs(ctx, []int64{jobs[1].ID}, 3*time.Hour, "503"); err != nil {
		t.Fatal(err)
	}
	body := app.signedIn("rev@example.com", "reviewer").get("/").Body
	for _, want := range []string{`<h2 id="h-outbound">Outgoing work</h2>`, `<th scope="row">New referrals to Salesforce<br><span class="muted">Waiting: 503</span></th>`,
		`<td data-label="Pending">2</td><td data-label="Running">0</td><td data-label="Failed">1</td>`,
		"<th scope=\"row\">Status write-back to Salesforce</th>", `<td data-label="Next attempt">now</td>`} {
		if !strings.Contains(body, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
}
