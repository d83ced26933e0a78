package store

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/refsync/refsync/matching"
)

// fillEntries stores n entries: a third in review with mixed reasons, the rest processed.
func fillEntries(b *testing.B, db *DB, n int) {
	b.Helper()
	ctx := context.Background()
	reasons := []string{matching.ReasonNoMatch, matching.ReasonAmbiguous, matching.ReasonLowConfidence, matching.ReasonDeniedOverride}
	objects := []string{"Lead", "Contact", "Opportunity"}
	err := db.InTx(ctx, func(ctx context.Context) error {
		for i := range n {
			e := &matching.Entry{Object: objects[i%3], RecordID: fmt.Sprintf("006%015d", i), Modstamp: "2026-01-01T00:00:00.000+0000",
				Outcome: matching.EntryProcessed, ReferralID: fmt.Sprintf("ref_%d", i),
				Snapshot: map[string]any{"Email": fmt.Sprintf("person%d@example.com", i), "StageName": "Closed Won"}}
			if i%3 == 0 {
				e.Outcome, e.Reason, e.ReferralID = matching.EntryReview, reasons[i%4], ""
			}
			if err := db.InsertEntryRx(ctx, e, matching.EntryEvent{Actor: "sync", Action: "received"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkListEntries pages the review queue of 100,000 entries with the
// filters the UI offers and reports the 95th percentile latency.
func BenchmarkListEntries(b *testing.B) {
	db, ctx := openTest(b), context.Background()
	fillEntries(b, db, 100_000)
	filters := map[string]EntryFilter{
		"all":           {},
		"review":        {Outcome: "review"},
		"review+reason": {Outcome: "review", Reason: matching.ReasonAmbiguous},
		"reason":        {Reason: matching.ReasonNoMatch},
		"object":        {Object: "Lead", Outcome: "review"},
		"age":           {Outcome: "review", OlderThan: time.Now().Add(-time.Minute)},
		"search-record": {Search: fmt.Sprintf("006%015d", 4242)},
		"search-email":  {Search: "person99990@example.com"},
	}
	for name, f := range filters {
		b.Run(name, func(b *testing.B) {
			var lat []time.Duration
			for i := 0; b.Loop(); i++ {
				f := f
				if i%2 == 1 { // every other call asks for a deep page
					page, next, err := db.ListEntries(ctx, EntryFilter{Outcome: f.Outcome, Limit: 50})
					if err == nil && len(page) > 0 && next != "" {
						f.After = next
					}
				}
				start := time.Now()
				if _, _, err := db.ListEntries(ctx, f); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(start))
			}
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
		})
	}
	b.Run("stats", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.EntryStats(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}
