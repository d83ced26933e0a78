package matching

import (
	"testing"
)

// TestBusinessListings scores generated business listings (towers of
// tenants, hotels with outlets, a chain of fourteen, standalone shops, each
// written several ways) against the targets of the matching issue: no wrong
// automatic match beyond 0.5 %, ahead of the three exact rules on recall
// (and on precision where they fall below 0.999), and the top score band right.
func TestBusinessListings(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		refs, ents := bizBench(seed)
		res := RunBench(refs, ents, DefaultThresholds())
		base := RunBaseline(refs, ents)
		t.Logf("seed %d: %d referrals, %d entries: precision %.4f recall %.4f candidates %.4f yield %.4f (%d review); exact rules %.4f / %.4f",
			seed, len(refs), len(ents), res.AutoPrecision, res.AutoRecall, res.CandidateRecall, res.ReviewYield, res.Review,
			base.AutoPrecision, base.AutoRecall)
		if res.AutoPrecision < 0.995 {
			t.Errorf("seed %d: auto precision %.4f < 0.995", seed, res.AutoPrecision)
			for _, e := range res.Errors {
				if e.Kind == "wrong_auto" || e.Kind == "false_auto" {
					t.Logf("  %s: %s\n    matched %s\n    %s", e.Kind, e.Entry, e.MatchedValues, e.MatchedFields)
				}
			}
		}
		if res.AutoRecall <= base.AutoRecall {
			t.Errorf("seed %d: auto recall %.4f not ahead of the exact rules' %.4f", seed, res.AutoRecall, base.AutoRecall)
		}
		if base.AutoPrecision < 0.999 && res.AutoPrecision <= base.AutoPrecision {
			t.Errorf("seed %d: auto precision %.4f not ahead of the exact rules' %.4f", seed, res.AutoPrecision, base.AutoPrecision)
		}
		// Review yield is logged, not asserted: on this set nearly every true
		// match is applied, and the review queue holds mostly the outlets of
		// hotels never referred, which the issue sends to review by rule, and
		// entries of a chain's branch beside the one branch referred without
		// a site (the chain's name alone: right about one time in fourteen).
		// Names sharing only a kind word ("Lanes", "Grand") are no longer
		// candidates (TestKindWordIsNoCandidate). TODO: 0.10-0.58 by seed.
		if top := res.Calibration[len(res.Calibration)-1]; top.N > 0 && top.Right < 0.99 {
			t.Errorf("seed %d: candidates scored 99-100 %% right %.3f of the time", seed, top.Right)
		}
	}
}
