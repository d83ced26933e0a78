package matching

import (
	"slices"
	"sort"
)

// ReviewLabel is what reviewers said about one entry's candidates: the
// referral a person applied it to (Truth, "" when none), and the candidates a
// person said it is not (a dismissal naming a candidate, an apply to another).
type ReviewLabel struct {
	EntryID    int64
	Candidates []Candidate // as the matcher scored them when the entry was decided
	Truth      string
	Not        []string
}

// ThresholdPoint is what an automatic threshold would have done on the
// labelled entries: an entry is applied automatically to its best candidate
// when that candidate's score is at least Threshold. Labels counts the
// automatic matches a label says right or wrong (the rest are unknown and
// not counted); Precision is Right/Labels, Recall is Right over the entries
// a person applied.
type ThresholdPoint struct {
	Threshold float64 `json:"threshold"`
	Right     int     `json:"right"`
	Wrong     int     `json:"wrong"`
	Labels    int     `json:"labels"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
}

// ThresholdReport is the precision and recall by automatic threshold on a
// program's reviewed entries.
type ThresholdReport struct {
	Entries   int              `json:"entries"`   // labelled entries with candidates
	Positives int              `json:"positives"` // entries a person applied to a referral
	Curve     []ThresholdPoint `json:"curve"`
	Current   ThresholdPoint   `json:"current"` // at the threshold in force
	// Lowest is the lowest threshold keeping precision at or above Target,
	// with the number of labels it rests on; nil when none does.
	Lowest *ThresholdPoint `json:"lowest,omitempty"`
	Target float64         `json:"target"`
}

// PrecisionTarget is the precision an automatic threshold must keep.
const PrecisionTarget = 0.995

// ReviewThresholds measures automatic thresholds on reviewed entries: at the
// curve's thresholds, at current, and at every best-candidate score, to find
// the lowest one keeping precision ≥ PrecisionTarget.
func ReviewThresholds(labels []ReviewLabel, current float64) ThresholdReport {
	type top struct {
		score   float64
		verdict int // +1 right, -1 wrong, 0 unknown
	}
	var tops []top
	rep := ThresholdReport{Target: PrecisionTarget}
	for _, l := range labels {
		if l.Truth != "" {
			rep.Positives++
		}
		if len(l.Candidates) == 0 {
			continue
		}
		rep.Entries++
		best := l.Candidates[0]
		for _, c := range l.Candidates[1:] {
			if c.Score > best.Score {
				best = c
			}
		}
		t := top{score: best.Score}
		switch {
		case l.Truth != "" && best.ReferralID == l.Truth:
			t.verdict = 1
		case l.Truth != "" || slices.Contains(l.Not, best.ReferralID):
			t.verdict = -1
		}
		tops = append(tops, t)
	}
	at := func(th float64) ThresholdPoint {
		p := ThresholdPoint{Threshold: th}
		for _, t := range tops {
			if t.score >= th && t.verdict > 0 {
				p.Right++
			} else if t.score >= th && t.verdict < 0 {
				p.Wrong++
			}
		}
		p.Labels = p.Right + p.Wrong
		p.Precision, p.Recall = frac(p.Right, p.Labels), frac(p.Right, rep.Positives)
		return p
	}
	for _, th := range curveThresholds {
		rep.Curve = append(rep.Curve, at(th))
	}
	rep.Current = at(current)
	sort.Slice(tops, func(i, j int) bool { return tops[i].score < tops[j].score })
	for _, t := range tops {
		if p := at(t.score); t.verdict != 0 && p.Precision >= PrecisionTarget {
			rep.Lowest = &p
			break
		}
	}
	return rep
}

// frac is a/b unrounded (0 when b is 0): a threshold is judged on the exact precision.
func frac(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
