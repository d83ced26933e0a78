package connector_test

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector"
	"github.com/refsync/refsync/connector/sfemu"
	"github.com/refsync/refsync/store"
)

// BenchmarkPollCallsPerHour measures both sides of the poll window on an org of
// 100,000 Leads, one poll a minute on a simulated clock: API calls in an idle
// hour, in an hour of an org changing 10,000 a day (with the hourly
// reconciliation over the last day), and in the hour of a mass update of all
// 100,000 (in two minutes), which must be received once and never read again.
// Inside the 10,000-a-day hour a Lead committed 10 minutes late must be
// received by the next poll and one committed 20 hours late within the hour.
func BenchmarkPollCallsPerHour(b *testing.B) {
	for range b.N {
		w := newPollWorld(b, 100_000)
		idle := w.hour(nil)
		w.day() // a day of 10,000 changes, read by one poll
		var late10, late20 string
		caught10, caught20 := 0, 0
		steady := w.hour(func(m int) {
			w.churn(m)
			switch m {
			case 10:
				late10 = w.insertLate(10 * time.Minute)
			case 12:
				late20 = w.insertLate(20 * time.Hour)
			}
		}, func(m int) {
			if late10 != "" && caught10 == 0 && w.has(late10) {
				caught10 = m - 10
			}
			if late20 != "" && caught20 == 0 && w.has(late20) {
				caught20 = m - 12
			}
		})
		if caught10 != 1 || caught20 == 0 {
			b.Fatalf("committed 10 min late: received %d polls later (want 1); 20 h late: %d polls later (want within 60)", caught10, caught20)
		}
		w.received, w.skipped = 0, 0
		w.clk.Add(int64(30 * time.Second))
		must(b, w.emu.BulkUpdate("Lead", w.ids[:50_000], map[string]any{"Rating": "Hot"}))
		mass := w.hour(func(m int) {
			if m == 1 {
				must(b, w.emu.BulkUpdate("Lead", w.ids[50_000:], map[string]any{"Rating": "Hot"}))
			}
		})
		if w.skipped != 0 || w.received != 100_000 {
			b.Fatalf("mass update: received %d, read again %d; want 100000 once", w.received, w.skipped)
		}
		b.ReportMetric(float64(idle), "calls/h-idle")
		b.ReportMetric(float64(steady), "calls/h-10k-a-day")
		b.ReportMetric(float64(steady-60), "calls/h-late-check")
		b.ReportMetric(float64(caught20), "polls-to-20h-late")
		b.ReportMetric(float64(mass), "calls/h-mass-update")
	}
}

// pollWorld is an org of n Leads and a receiver on one simulated clock.
type pollWorld struct {
	b                 *testing.B
	clk               atomic.Int64 // unix nanoseconds
	emu               *sfemu.Server
	db                *store.DB
	rc                *connector.Receiver
	ids               []string
	received, skipped int
	next              int
}

func newPollWorld(b *testing.B, n int) *pollWorld {
	w := &pollWorld{b: b}
	now := func() time.Time { return time.Unix(0, w.clk.Load()) }
	w.clk.Store(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC).UnixNano())
	var err error
	w.emu, err = sfemu.Start("127.0.0.1:0", sfemu.Options{WholeSecondStamps: true, TokenTTL: 10000 * time.Hour, DailyLimit: 1 << 30, Now: now})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { w.emu.Close() })
	for i := range n {
		id, err := w.emu.Insert("Lead", map[string]any{"LastName": fmt.Sprintf("Lead%06d", i), "Company": "Co", "Email": fmt.Sprintf("l%d@co.example", i)})
		if err != nil {
			b.Fatal(err)
		}
		w.ids = append(w.ids, id)
	}
	w.clk.Add(int64(48 * time.Hour)) // the org was loaded two days ago
	if w.db, err = store.Open(context.Background(), filepath.Join(b.TempDir(), "refsync.db")); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { w.db.Close() })
	rules := config.DefaultRules()
	rules.Backfill = ""
	w.rc, err = connector.New(connector.Options{Sink: w.db, CRM: newBenchClient(b, w.emu), Settings: w.db, Rules: rules,
		Logger: slog.New(slog.DiscardHandler), Interval: time.Minute, Now: now})
	if err != nil {
		b.Fatal(err)
	}
	w.poll()
	return w
}

// hour runs 60 polls a minute apart, calling each before[i] before and after[i]
// after poll m (1..60), and returns the API calls the polls made.
func (w *pollWorld) hour(before func(m int), after ...func(m int)) int {
	start := w.emu.APICalls()
	for m := 1; m <= 60; m++ {
		w.clk.Add(int64(time.Minute))
		if before != nil {
			before(m)
		}
		w.poll()
		for _, f := range after {
			f(m)
		}
	}
	return w.emu.APICalls() - start
}

func (w *pollWorld) poll() {
	res, err := w.rc.SyncOnce(context.Background(), "Lead", time.Time{})
	if err != nil {
		w.b.Fatal(err)
	}
	w.received += res[0].Received
	w.skipped += res[0].Skipped
}

// day moves the clock a day on with 10,000 changes spread over it, then polls once.
func (w *pollWorld) day() {
	for range 24 {
		w.clk.Add(int64(time.Hour))
		for range 60 {
			w.churn(0)
		}
	}
	w.poll()
}

// churn changes 7 Leads a minute (10,000 a day).
func (w *pollWorld) churn(int) {
	for range 7 {
		w.next = (w.next + 7919) % len(w.ids)
		must(w.b, w.emu.Update("Lead", w.ids[w.next], map[string]any{"Title": fmt.Sprintf("t%d", w.clk.Load())}))
	}
}

func (w *pollWorld) insertLate(lag time.Duration) string {
	id, err := w.emu.InsertLate("Lead", map[string]any{"LastName": "Late", "Company": "Late Co"}, lag)
	if err != nil {
		w.b.Fatal(err)
	}
	return id
}

func (w *pollWorld) has(id string) bool {
	m, err := w.db.SnapshotStamps(context.Background(), "Lead", []string{id})
	if err != nil {
		w.b.Fatal(err)
	}
	return m[id] != ""
}
