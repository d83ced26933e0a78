package connector_test

import (
	"testing"
	"time"

	"github.com/refsync/refsync/connector"
)

// BenchmarkPreview100k previews the renamed-won-stage fix over 100,000
// stored entries (20,000 deals, five stages each): every entry is read back
// with the snapshot before it and run through the dry-run pipeline; the
// 20,000 whose outcome changes are applied and rolled back with both rule
// sets. Target: at most 10 s on the project's 2-core machine.
func BenchmarkPreview100k(b *testing.B) {
	w := newPastWorld(b, "")
	w.seed(20_000)
	since := time.Now().Add(-time.Hour)
	b.ResetTimer()
	for range b.N {
		p, err := w.rc.Preview(w.ctx, connector.PreviewRequest{Draft: wonDraft(), Since: since})
		if err != nil {
			b.Fatal(err)
		}
		if p.Examined != 100_000 || p.Changed != 20_000 {
			b.Fatalf("examined %d, changed %d; want 100000 and 20000", p.Examined, p.Changed)
		}
	}
	b.ReportMetric(float64(100_000*b.N)/b.Elapsed().Seconds(), "entries/s")
}
