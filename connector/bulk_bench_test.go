package connector_test

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector"
	"github.com/refsync/refsync/connector/sfemu"
	"github.com/refsync/refsync/store"
)

var backfillLeads = flag.Int("backfill-leads", 1_000_000, "Leads in the emulator org of BenchmarkBackfillLeads")

// BenchmarkBackfillLeads backfills every Lead of one emulator org (1,000,000
// by default; -backfill-leads N for another size) through Bulk API 2.0 and,
// on the same org, through REST query pages, each into a fresh database, and
// reports wall time, API calls and entries/s of each path. Run once:
//
//	go test ./connector -run '^$' -bench BackfillLeads -benchtime 1x [-backfill-leads 100000]
func BenchmarkBackfillLeads(b *testing.B) {
	n := *backfillLeads
	emu, err := sfemu.Start("127.0.0.1:0", sfemu.Options{DailyLimit: 1 << 30})
	if err != nil {
		b.Fatal(err)
	}
	defer emu.Close()
	for i := 0; i < n; i++ {
		if _, err := emu.Insert("Lead", map[string]any{"LastName": fmt.Sprintf("Lead %d", i), "Company": "Backfill Co",
			"Email": fmt.Sprintf("lead%d@example.com", i)}); err != nil {
			b.Fatal(err)
		}
	}
	for _, path := range []struct {
		name      string
		threshold int
	}{{"bulk", 1}, {"rest", -1}} {
		b.Run(path.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				backfillOnce(b, emu, n, path.threshold)
			}
		})
	}
}

func backfillOnce(b *testing.B, emu *sfemu.Server, n, threshold int) {
	b.StopTimer()
	db, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "backfill.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	rules := config.DefaultRules()
	rules.Backfill = "2000-01-01"
	rc, err := connector.New(connector.Options{Sink: db, CRM: newBenchClient(b, emu), Settings: db, Rules: rules,
		Logger: slog.New(slog.DiscardHandler), BulkThreshold: threshold, BulkPoll: 50 * time.Millisecond})
	if err != nil {
		b.Fatal(err)
	}
	jobs, calls := len(emu.BulkJobs()), emu.APICalls()
	b.StartTimer()
	start := time.Now()
	res, err := rc.SyncOnce(context.Background(), "Lead", time.Time{})
	elapsed := time.Since(start)
	b.StopTimer()
	if err != nil {
		b.Fatal(err)
	}
	if res[0].Received != n {
		b.Fatalf("received %d entries, want %d", res[0].Received, n)
	}
	if viaBulk := len(emu.BulkJobs()) > jobs; viaBulk != (threshold > 0) {
		b.Fatalf("went through Bulk API 2.0: %v, want %v", viaBulk, threshold > 0)
	}
	b.ReportMetric(elapsed.Seconds(), "wall-s")
	b.ReportMetric(float64(emu.APICalls()-calls), "api-calls")
	b.ReportMetric(float64(n)/elapsed.Seconds(), "entries/s")
}
