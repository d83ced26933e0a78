package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/refsync/refsync/matching"
)

// BenchmarkLinkRecords links 2,000 records per transaction (a sync page's
// links, each to its own referral) and reports the writer's time per link,
// the referral change counter's trigger included.
func BenchmarkLinkRecords(b *testing.B) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(b.TempDir(), "links.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ids := make([]string, 20_000)
	err = db.InTx(ctx, func(ctx context.Context) error {
		for i := range ids {
			ids[i] = fmt.Sprintf("ref_link%07d", i)
			m := matching.Referral{ID: ids[i], FirstName: "Ann", LastName: fmt.Sprintf("Lind%d", i), Email: fmt.Sprintf("ann%d@example.com", i)}
			if err := db.CreateReferralRx(ctx, DefaultProgram, m, "", "bench"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	var took time.Duration
	n := 0
	for b.Loop() {
		start := time.Now()
		err := db.InTx(ctx, func(ctx context.Context) error {
			for range 2000 {
				n++
				if err := db.LinkRx(ctx, DefaultProgram, fmt.Sprintf("006%015d", n), "Opportunity", ids[n%len(ids)], "direct", false); err != nil {
					return err
				}
			}
			return nil
		})
		took += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(took.Microseconds())/float64(n), "µs/link")
}
