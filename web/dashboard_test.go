package web

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

func TestDashboardShowsConnectionQueueAndChart(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	now := time.Now().UTC()
	if err := app.DB.SetConnectionState(ctx, "unauthorized", now.Add(-3*time.Hour).Format(store.TimeFormat), "INVALID_SESSION_ID: token revoked", 120, 15000); err != nil {
		t.Fatal(err)
	}
	if err := app.DB.FinishSyncRun(ctx, "Opportunity", "", false); err != nil {
		t.Fatal(err)
	}
	for i, o := range []matching.EntryOutcome{matching.EntryReview, matching.EntryReview, matching.EntryProcessed, matching.EntryFailed} {
		app.addEntry(&matching.Entry{Object: "Lead", RecordID: "00Q" + itoa(int64(i)), Modstamp: "m", Outcome: o})
	}
	cl := app.signedIn("rev@example.com", "reviewer")
	p := cl.get("/")
	if p.Code != http.StatusOK {
		t.Fatalf("status %d", p.Code)
	}
	for _, want := range []string{
		"Last Salesforce connection", "3 hours ago", "Last entry received", "unauthorized", "sync is paused",
		"INVALID_SESSION_ID", "120 of 15000", `id="queue-size">2 entries wait`, `id="failed-count">1 failed`, "Opportunity",
		"<svg", "processed: 1</title>", "review: 2</title>", "failed: 1</title>", now.Format("2006-01-02"),
	} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
}

func TestDashboardEmpty(t *testing.T) {
	app := newTestApp(t)
	p := app.signedIn("rev@example.com", "reviewer").get("/")
	for _, want := range []string{"0 entries wait", "the queue is empty", "The sync has not run yet", "never"} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("empty dashboard lacks %q", want)
		}
	}
}

func TestChartScale(t *testing.T) {
	for _, tc := range []struct{ in, want int }{{0, 4}, {3, 4}, {5, 8}, {9, 10 * 2}, {37, 40}, {101, 200}, {950, 1000}, {1001, 2000}} {
		got := niceMax(tc.in)
		if got < tc.in || got%4 != 0 || got > tc.want {
			t.Errorf("niceMax(%d) = %d, want a multiple of 4 between %d and %d", tc.in, got, tc.in, tc.want)
		}
	}
	days := []store.DayCount{{Day: "2026-01-01", Outcomes: map[string]int{"processed": 30, "review": 10}}, {Day: "2026-01-02", Outcomes: map[string]int{}}}
	svg := string(entriesChart(days))
	if strings.Count(svg, "<rect") != 2+len(chartOutcomes) { // two bars' parts + one legend swatch per outcome
		t.Errorf("chart has %d rects: %s", strings.Count(svg, "<rect"), svg)
	}
	if !strings.Contains(svg, ">40</text>") {
		t.Errorf("axis does not reach 40: %s", svg)
	}
}
