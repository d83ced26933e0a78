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
	sure, far := Candidate{Score: 0.998, Identified: true}, Candidate{Score: 0.002}
	if got := verdict([]Candidate{sure, far}, 0, th); got != "a sure match" {
		t.Errorf("99.8 %% beside 0.2 %% worded %q, want a sure match, not ambiguous", got)
	}
	// Below the automatic bar a candidate is not called sure: the entry waits
	// because no candidate is sure enough, and the words must agree.
	if got := verdict([]Candidate{{Score: 0.995, Identified: true}}, 0, th); got != "a likely match" {
		t.Errorf("99.5 %% under an automatic bar of 99.7 %% worded %q, want a likely match", got)
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

// TestWeakCandidatesAreNotTwoCloseMatches pins that the entry's reason and
// the candidates' words agree: three weak candidates within the margin of
// each other are "not sure enough", never "two close matches", and none of
// them is worded ambiguous; two doubtful ones within the margin are both.
func TestWeakCandidatesAreNotTwoCloseMatches(t *testing.T) {
	th := DefaultThresholds()
	weak := []Candidate{{ReferralID: "a", Score: 0.08}, {ReferralID: "b", Score: 0.08}, {ReferralID: "c", Score: 0.08}}
	d := decide(weak, th)
	if d.Reason != ReasonLowConfidence {
		t.Errorf("three 8 %% candidates: reason %q, want %q", d.Reason, ReasonLowConfidence)
	}
	for i := range d.Candidates {
		if w := verdict(d.Candidates, i, th); strings.Contains(w, "ambiguous") || d.Candidates[i].Band != BandWeak {
			t.Errorf("8 %% candidate worded %q (band %q)", w, d.Candidates[i].Band)
		}
	}
	close := []Candidate{{ReferralID: "a", Score: 0.45}, {ReferralID: "b", Score: 0.4}}
	if d := decide(close, th); d.Reason != ReasonAmbiguous {
		t.Errorf("45 %% and 40 %%: reason %q, want %q", d.Reason, ReasonAmbiguous)
	}
	if w := verdict(close, 1, th); !strings.Contains(w, "ambiguous") {
		t.Errorf("40 %% beside 45 %% worded %q, want ambiguous", w)
	}
}

// A candidate whose score would apply it but whose identifying fields
// disagree is not called sure: the words follow the decision to hold it back.
func TestHeldBackIsNotSure(t *testing.T) {
	th := DefaultThresholds()
	held := []Candidate{{ReferralID: "a", Score: 0.9995, Identified: true, conflict: true}}
	w := verdict(held, 0, th)
	if held[0].Band != BandHeld || strings.Contains(w, "sure") || !strings.Contains(w, "identifying fields disagree") {
		t.Errorf("a held-back candidate: band %q, words %q", held[0].Band, w)
	}
}
