package matching

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestBenchFloors runs the bench scorer over the labelled folders in
// testdata/bench and fails when a floor from the matching issue is broken.
func TestBenchFloors(t *testing.T) {
	tests := []struct {
		dir                               string
		precision, autoRecall, candRecall float64
	}{
		{"fake_1000", 0.995, 0.60, 0.90},
		{"febrl3", 0.995, 0.85, 0.98},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			refs := readBench(t, filepath.Join("testdata", "bench", tt.dir, "referrals.csv"), ReadBenchReferrals)
			ents := readBench(t, filepath.Join("testdata", "bench", tt.dir, "entries.csv"), ReadBenchEntries)
			r := RunBench(refs, ents, DefaultThresholds())
			t.Logf("%s: %+v", tt.dir, r)
			if r.Entries != len(ents) || r.Referrals != len(refs) {
				t.Errorf("counted %d entries, %d referrals; read %d, %d", r.Entries, r.Referrals, len(ents), len(refs))
			}
			if r.AutoPrecision < tt.precision {
				t.Errorf("auto_precision %.4f < %.3f", r.AutoPrecision, tt.precision)
			}
			if r.AutoRecall < tt.autoRecall {
				t.Errorf("auto_recall %.4f < %.2f", r.AutoRecall, tt.autoRecall)
			}
			if r.CandidateRecall < tt.candRecall {
				t.Errorf("candidate_recall %.4f < %.2f", r.CandidateRecall, tt.candRecall)
			}
		})
	}
}

func readBench[T any](t *testing.T, path string, read func(io.Reader) ([]T, error)) []T {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer f.Close()
	rows, err := read(f)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return rows
}
