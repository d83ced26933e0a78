package matching

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestBenchFloors runs the bench scorer over the labelled folders in
// testdata/bench and fails when a floor from the matching issue is broken.
//
// Tuning note: the two folders are one split each of their sources, so every
// change to scoring or blocking was also checked on held-out re-splits made
// the way the data README describes (a quarter of entities never referred,
// one random record per referred entity as the referral, ~10 % right and ~2 %
// stale referral ids), eight seeds each of Splink fake_1000 and Febrl 1, 2
// and 3, tuned on seeds 1-4 and checked on 5-8; plus stress splits: half and
// three quarters unreferred, fake_1000 without emails or without cities, and
// Febrl 1-3 merged with addresses removed (names and city only). On the
// plain re-splits no change here made a wrong automatic match; fake_1000
// auto_recall over the eight seeds went from 0.558-0.636 to 0.678-0.740.
// Keep checking a change that way: one split has too little margin.
//
// Issue 11 (company data, conflicts, calibrated scores) was tuned the same
// way with testdata/resplit.py: entity half A of fake_1000, Febrl 1-3 and
// the Chicago providers (3 seeds, half unreferred, stress variants without
// emails, phones or streets) for tuning, half B for checking. Half B ended
// with no wrong automatic match on the plain splits of any source.
func TestBenchFloors(t *testing.T) {
	tests := []struct {
		dir                               string
		precision, autoRecall, candRecall float64
	}{
		{"fake_1000", 0.995, 0.704, 0.97},
		{"febrl3", 0.995, 0.923, 0.99},
		{"chicago_dev", 0.995, 0.70, 0.95},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			refs := readBench(t, filepath.Join("testdata", "bench", tt.dir, "referrals.csv"), ReadBenchReferrals)
			ents := readBench(t, filepath.Join("testdata", "bench", tt.dir, "entries.csv"), ReadBenchEntries)
			r := RunBench(refs, ents, DefaultThresholds())
			t.Logf("%s: precision %.4f recall %.4f candidates %.4f review yield %.4f (%d review)",
				tt.dir, r.AutoPrecision, r.AutoRecall, r.CandidateRecall, r.ReviewYield, r.Review)
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
