package matching

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

// CurvePoint is auto precision and recall at one auto threshold.
type CurvePoint struct {
	AutoThreshold float64 `json:"auto_threshold"`
	AutoPrecision float64 `json:"auto_precision"`
	AutoRecall    float64 `json:"auto_recall"`
	AutoMatched   int     `json:"auto_matched"`
}

// curveThresholds are the auto thresholds the curve is drawn at.
var curveThresholds = []float64{0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999}

// benchCurve decides every entry again at each curve threshold (the
// comparisons are made once) and scores the automatic matches.
func benchCurve(ix *Index, entries []LabeledEntry, truth map[string]string, th Thresholds) []CurvePoint {
	type ranking struct {
		direct string
		cands  []Candidate
		want   string
	}
	rs := make([]ranking, len(entries))
	withTruth := 0
	for i, e := range entries {
		rs[i].direct, rs[i].cands = ix.ranked(e.SalesEntry)
		if id, ok := truth[e.Entity]; ok && e.Entity != "" {
			rs[i].want = id
			withTruth++
		}
	}
	out := make([]CurvePoint, 0, len(curveThresholds))
	for _, t := range curveThresholds {
		at := th
		at.Auto = t
		matched, correct := 0, 0
		for _, r := range rs {
			id := r.direct
			if id == "" {
				if d := decide(r.cands, at); d.Outcome == OutcomeAuto {
					id = d.ReferralID
				}
			}
			if id != "" {
				matched++
				if id == r.want {
					correct++
				}
			}
		}
		out = append(out, CurvePoint{AutoThreshold: t, AutoPrecision: ratio(correct, matched),
			AutoRecall: ratio(correct, withTruth), AutoMatched: matched})
	}
	return out
}

// CalibrationBin is how often candidates scored within a band were the true
// referral: a score that behaves like a probability has Right close to MeanScore.
type CalibrationBin struct {
	From      float64 `json:"from"`
	To        float64 `json:"to"`
	N         int     `json:"n"`
	MeanScore float64 `json:"mean_score"`
	Right     float64 `json:"right"`
}

// calibrationEdges are the score bands of the calibration table.
var calibrationEdges = []float64{0, 0.05, 0.2, 0.5, 0.8, 0.95, 0.99, 1.0001}

// benchCalibration bins every candidate the decisions carry (the automatic
// match, or the candidates shown for review) by score and counts how many
// were the entry's true referral.
func benchCalibration(decisions []Decision, entries []LabeledEntry, truth map[string]string) []CalibrationBin {
	bins := make([]CalibrationBin, len(calibrationEdges)-1)
	sums := make([]float64, len(bins))
	rights := make([]int, len(bins))
	for i, d := range decisions {
		if d.Method == MethodDirect {
			continue
		}
		want, ok := truth[entries[i].Entity]
		for _, c := range d.Candidates {
			b := 0
			for b < len(bins)-1 && c.Score >= calibrationEdges[b+1] {
				b++
			}
			bins[b].N++
			sums[b] += c.Score
			if ok && entries[i].Entity != "" && c.ReferralID == want {
				rights[b]++
			}
		}
	}
	for b := range bins {
		bins[b].From, bins[b].To = calibrationEdges[b], min(1, calibrationEdges[b+1])
		if bins[b].N > 0 {
			bins[b].MeanScore = math3(sums[b] / float64(bins[b].N))
			bins[b].Right = ratio(rights[b], bins[b].N)
		}
	}
	return bins
}

// BenchError is one entry the matcher got wrong: an automatic match to the
// wrong referral, or a true referral that was not matched automatically.
type BenchError struct {
	Kind          string // wrong_auto, false_auto (entity never referred), missed_review, missed_not_found
	EntryID       string
	Entity        string
	Outcome       Outcome
	Reason        string
	Score         float64
	Entry         string     // the entry's values
	Matched       string     // the referral auto-matched or ranked first, if any
	MatchedValues string     // its values
	MatchedFields string     // its per-field reasons
	True          string     // the true referral, if the entity was referred
	TrueValues    string     // its values
	TrueScore     float64    // its score within the decision, beside the other candidates
	TrueFields    string     // its per-field reasons
	trueCand      *Candidate // kept for tests
}

// benchError classifies one decision; ok is false when it was right.
func benchError(ix *Index, e LabeledEntry, d Decision, want string, referred bool,
	refs map[string]LabeledReferral) (BenchError, bool) {
	be := BenchError{EntryID: e.ID, Entity: e.Entity, Outcome: d.Outcome, Reason: d.Reason, Score: d.Score,
		Entry: valuesOf(Referral{FirstName: e.FirstName, LastName: e.LastName, Email: e.Email, Phone: e.Phone,
			Company: e.Company, Street: e.Street, City: e.City, State: e.State, PostalCode: e.PostalCode})}
	switch {
	case d.Outcome == OutcomeAuto && referred && d.ReferralID == want:
		return be, false
	case d.Outcome == OutcomeAuto && referred:
		be.Kind = "wrong_auto"
	case d.Outcome == OutcomeAuto:
		be.Kind = "false_auto"
	case !referred:
		return be, false
	case hasCandidate(d, want):
		be.Kind = "missed_review"
	default:
		be.Kind = "missed_not_found"
	}
	if d.ReferralID != "" || len(d.Candidates) > 0 {
		be.Matched = d.ReferralID
		if be.Matched == "" {
			be.Matched = d.Candidates[0].ReferralID
		}
		be.MatchedValues = valuesOf(refs[be.Matched].Referral)
		if c, ok := ix.Explain(e.SalesEntry, be.Matched); ok {
			be.MatchedFields = fieldsText(c.Fields)
		}
	}
	if referred {
		be.True, be.TrueValues = want, valuesOf(refs[want].Referral)
		if c, ok := ix.explainWithin(e.SalesEntry, want); ok {
			be.TrueScore, be.TrueFields, be.trueCand = round3(c.Score), fieldsText(c.Fields), &c
		}
	}
	return be, true
}

func hasCandidate(d Decision, id string) bool {
	for _, c := range d.Candidates {
		if c.ReferralID == id {
			return true
		}
	}
	return false
}

// valuesOf spells a record's matchable values on one line, empty ones left out.
func valuesOf(r Referral) string {
	var parts []string
	for _, kv := range [][2]string{{"name", strings.TrimSpace(r.FirstName + " " + r.LastName)}, {"email", r.Email},
		{"phone", r.Phone}, {"company", r.Company}, {"street", r.Street}, {"city", r.City}, {"state", r.State},
		{"postal_code", r.PostalCode}} {
		if v := strings.TrimSpace(kv[1]); v != "" {
			parts = append(parts, kv[0]+"="+v)
		}
	}
	return strings.Join(parts, " | ")
}

// fieldsText spells per-field reasons as "email +0.45 same email; …".
func fieldsText(fs []FieldScore) string {
	parts := make([]string, 0, len(fs))
	for _, f := range fs {
		parts = append(parts, fmt.Sprintf("%s %+.2f %s", f.Field, f.Contribution, f.Reason))
	}
	return strings.Join(parts, "; ")
}

// benchErrorHeader is the header of the --errors CSV.
var benchErrorHeader = []string{"kind", "entry_id", "entity", "outcome", "reason", "score", "entry",
	"matched_referral", "matched_values", "matched_fields", "true_referral", "true_values", "true_score", "true_fields"}

// WriteBenchErrors writes errs as CSV with a header line.
func WriteBenchErrors(w io.Writer, errs []BenchError) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(benchErrorHeader); err != nil {
		return fmt.Errorf("write bench errors: %w", err)
	}
	for _, e := range errs {
		row := []string{e.Kind, e.EntryID, e.Entity, string(e.Outcome), e.Reason, fmt.Sprintf("%.3f", e.Score), e.Entry,
			e.Matched, e.MatchedValues, e.MatchedFields, e.True, e.TrueValues, fmt.Sprintf("%.3f", e.TrueScore), e.TrueFields}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("write bench errors: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write bench errors: %w", err)
	}
	return nil
}
