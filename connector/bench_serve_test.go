package connector_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector"
	"github.com/refsync/refsync/connector/sfemu"
	"github.com/refsync/refsync/store"
)

// The index makes room for a program's referrals before loading them when the Sink can count them.
var _ interface {
	CountReferrals(ctx context.Context, programID int64) (int, error)
} = (*store.DB)(nil)

// BenchmarkFirstSync1M is what a freshly started serve does with 1,000,000
// referrals before its first change is applied: load the matcher's index
// from the database (every referral with its links) and receive one changed
// Opportunity. serve's HTTP listener does not wait for it (the index loads on
// the first page a sync or a review action needs). load-s is the whole first
// sync, rss-MB the process's resident memory after it and index-heap-MB the
// live heap it added (the database's own cache included).
func BenchmarkFirstSync1M(b *testing.B) { benchFirstSync(b, 1_000_000) }

// BenchmarkFirstSync100k is BenchmarkFirstSync1M at a tenth of the size.
func BenchmarkFirstSync100k(b *testing.B) { benchFirstSync(b, 100_000) }

func benchFirstSync(b *testing.B, n int) {
	ctx := context.Background()
	emu, err := sfemu.Start("127.0.0.1:0", sfemu.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer emu.Close()
	refs := benchPeople(n)
	if _, err := emu.Insert("Opportunity", map[string]any{"Name": "D", "StageName": "Closed Won", "CloseDate": "2026-12-31",
		"Referral_ID__c": refs[n/2].ID}); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "serve.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	for lo := 0; lo < n; lo += 50_000 {
		err := db.InTx(ctx, func(ctx context.Context) error {
			for _, r := range refs[lo:min(lo+50_000, n)] {
				if err := db.CreateReferralRx(ctx, store.DefaultProgram, r, "", "bench"); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	db.Close()
	refs = nil
	rules := config.DefaultRules()
	rules.Backfill = "2000-01-01"
	var took time.Duration
	var heap, rss float64
	for b.Loop() {
		b.StopTimer()
		run := filepath.Join(b.TempDir(), "run.db") // a copy: each op's first sync starts from no watermark
		if err := copyFile(path, run); err != nil {
			b.Fatal(err)
		}
		db, err := store.Open(ctx, run) // a fresh process's view: nothing cached
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		rc, err := connector.New(connector.Options{Sink: db, CRM: newBenchClient(b, emu), Settings: db, Rules: rules, Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			b.Fatal(err)
		}
		stopProfile := profileTimed(b)
		b.StartTimer()
		start := time.Now()
		res, err := rc.SyncOnce(ctx, "Opportunity", time.Time{})
		took += time.Since(start)
		b.StopTimer()
		stopProfile()
		if err != nil || res[0].Received != 1 {
			b.Fatalf("first sync: %v %+v", err, res)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		heap += float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20)
		rss += residentMB(b)
		runtime.KeepAlive(rc)
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(took.Seconds()/float64(b.N), "load-s")
	b.ReportMetric(heap/float64(b.N), "index-heap-MB")
	b.ReportMetric(rss/float64(b.N), "rss-MB")
}

// copyFile copies a closed database file, streaming (it must not count in
// the resident memory the benchmark reports).
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// residentMB is the process's resident memory (VmRSS) in MB.
func residentMB(b *testing.B) float64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Skip("no /proc/self/status: resident memory is not reported on this system")
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}
