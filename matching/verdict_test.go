package matching

import (
	"strings"
	"testing"
)

// TestScoresAreChances pins the calibrated scores: the candidates of one
// entry share at most one whole chance, two equally good candidates each
// get about half (ambiguous, and worded so), and a weak candidate is worded
// as one.
func TestScoresAreChances(t *testing.T) {
	ix := testIndex()
	th := DefaultThresholds()
	d := ix.Match(SalesEntry{FirstName: "J", LastName: "Brown", Email: "brown.family@example.org"}, th)
	if d.Reason != ReasonAmbiguous || len(d.Candidates) < 2 {
		t.Fatalf("household: %+v, want ambiguous with two candidates", d)
	}
	sum := 0.0
	for _, c := range d.Candidates {
		sum += c.Score
	}
	a, b := d.Candidates[0], d.Candidates[1]
	if sum > 1.0001 || a.Score < 0.4 || a.Score > 0.6 || b.Score < 0.4 || b.Score > 0.6 {
		t.Errorf("two equally good candidates scored %.3f and %.3f (sum %.3f), want about one half each", a.Score, b.Score, sum)
	}
	if !strings.Contains(a.Verdict, "ambiguous") || !strings.Contains(b.Verdict, "ambiguous") {
		t.Errorf("verdicts %q, %q should say ambiguous", a.Verdict, b.Verdict)
	}
	weak := Candidate{Score: 0.02}
	if got := verdict([]Candidate{weak}, 0, th); got != "a weak candidate — probably not this referral" {
		t.Errorf("2 %% candidate worded %q", got)
	}
	sure, far := Candidate{Score: 0.995}, Candidate{Score: 0.004}
	if got := verdict([]Candidate{sure, far}, 0, th); got != "a sure match" {
		t.Errorf("99.5 %% beside 0.4 %% worded %q, want a sure match, not ambiguous", got)
	}
	bands := map[float64]string{0.9: "a likely match", 0.6: "a possible match: check the fields",
		0.3: "a doubtful candidate: more likely not this referral"}
	for s, w := range bands {
		if got := verdict([]Candidate{{Score: s}}, 0, th); got != w {
			t.Errorf("score %.2f worded %q, want %q", s, got, w)
		}
	}
}

// TestCalibratedScore pins the formula: a lone candidate's score is
// odds/(1+odds) with odds 2^(bits − scoreOffset).
func TestCalibratedScore(t *testing.T) {
	c := []comparison{{bits: scoreOffset}}
	if got := calibrated(scoreOffset, oddsSum(c)); got != 0.5 {
		t.Errorf("lone candidate at the offset scored %.3f, want 0.5", got)
	}
	two := []comparison{{bits: 20}, {bits: 20}}
	if got := calibrated(20, oddsSum(two)); got < 0.49 || got > 0.5 {
		t.Errorf("one of two strong equal candidates scored %.4f, want just under 0.5", got)
	}
}
