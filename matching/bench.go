package matching

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// LabeledReferral is a bench referral with its ground-truth entity.
type LabeledReferral struct {
	Referral
	Entity string
}

// LabeledEntry is a bench sales entry with its ground-truth entity.
type LabeledEntry struct {
	SalesEntry
	ID     string
	Entity string
}

// BenchResult is what `refsync bench match` reports.
type BenchResult struct {
	Entries                 int     `json:"entries"`
	Referrals               int     `json:"referrals"`
	AutoMatched             int     `json:"auto_matched"`
	AutoCorrect             int     `json:"auto_correct"`
	AutoPrecision           float64 `json:"auto_precision"`
	AutoRecall              float64 `json:"auto_recall"`
	Review                  int     `json:"review"`
	ReviewWithTrueCandidate int     `json:"review_with_true_candidate"`
	// ReviewYield is the share of review entries whose true referral is
	// among the candidates shown: how often a reviewer's time is well spent.
	ReviewYield           float64 `json:"review_yield"`
	CandidateRecall       float64 `json:"candidate_recall"`
	FalseAutoOnUnreferred int     `json:"false_auto_on_unreferred"`
	EntriesPerSecond      float64 `json:"entries_per_second"`
	// Baseline is the three exact rules on the same data (RunBaseline), when asked for.
	Baseline *BenchBaseline `json:"baseline,omitempty"`
	// Curve is auto precision and recall at other auto thresholds, the
	// other bands unchanged: what choosing a threshold would cost.
	Curve []CurvePoint `json:"curve,omitempty"`
	// Calibration is how often candidates in each score band were right.
	Calibration []CalibrationBin `json:"calibration,omitempty"`
	// Errors are the wrong automatic decisions and the missed true matches,
	// for WriteBenchErrors.
	Errors []BenchError `json:"-"`
}

// ReadBenchCSV reads a bench CSV (referrals.csv or entries.csv, see the data
// README) into rows keyed by column name.
func ReadBenchCSV(r io.Reader) ([]map[string]string, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("read bench csv header: %w", err)
	}
	var rows []map[string]string
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read bench csv row %d: %w", len(rows)+2, err)
		}
		row := make(map[string]string, len(head))
		for i, h := range head {
			if i < len(rec) {
				row[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = strings.TrimSpace(rec[i])
			}
		}
		rows = append(rows, row)
	}
}

// ReadBenchReferrals reads referrals.csv.
func ReadBenchReferrals(r io.Reader) ([]LabeledReferral, error) {
	rows, err := ReadBenchCSV(r)
	if err != nil {
		return nil, fmt.Errorf("read referrals: %w", err)
	}
	out := make([]LabeledReferral, 0, len(rows))
	for _, m := range rows {
		out = append(out, LabeledReferral{Entity: m["entity"], Referral: Referral{
			ID: m["referral_id"], ExternalID: m["external_id"], FirstName: m["first_name"],
			LastName: m["last_name"], Email: m["email"], Phone: m["phone"], Company: m["company"],
			Street: m["street"], City: m["city"], State: m["state"], PostalCode: m["postal_code"],
			Website: m["website"], MemberCode: m["member_code"],
		}})
	}
	return out, nil
}

// ReadBenchEntries reads entries.csv.
func ReadBenchEntries(r io.Reader) ([]LabeledEntry, error) {
	rows, err := ReadBenchCSV(r)
	if err != nil {
		return nil, fmt.Errorf("read entries: %w", err)
	}
	out := make([]LabeledEntry, 0, len(rows))
	for _, m := range rows {
		out = append(out, LabeledEntry{ID: m["entry_id"], Entity: m["entity"], SalesEntry: SalesEntry{
			ReferralID: m["referral_id"], ExternalID: m["external_id"], FirstName: m["first_name"],
			LastName: m["last_name"], Email: m["email"], Phone: m["phone"], Company: m["company"],
			Street: m["street"], City: m["city"], State: m["state"], PostalCode: m["postal_code"],
			Website: m["website"], MemberCode: m["member_code"],
		}})
	}
	return out, nil
}

// RunBench indexes the referrals, matches every entry with th and scores the
// decisions against the entity labels (which the matcher never sees).
func RunBench(refs []LabeledReferral, entries []LabeledEntry, th Thresholds) BenchResult {
	ix := NewIndex()
	truth := map[string]string{} // entity → referral id
	for _, r := range refs {
		ix.Add(r.Referral)
		if r.Entity != "" {
			truth[r.Entity] = r.ID
		}
	}
	res := BenchResult{Entries: len(entries), Referrals: ix.Len()}
	byID := make(map[string]LabeledReferral, len(refs))
	for _, r := range refs {
		byID[r.ID] = r
	}
	decisions := make([]Decision, len(entries))
	start := time.Now()
	for i, e := range entries {
		decisions[i] = ix.Match(e.SalesEntry, th)
	}
	if secs := time.Since(start).Seconds(); secs > 0 {
		res.EntriesPerSecond = math3(float64(len(entries)) / secs)
	}
	withTruth, found := 0, 0
	for i, e := range entries {
		want, referred := truth[e.Entity]
		if referred && e.Entity != "" {
			withTruth++
		}
		found += res.count(decisions[i], want, referred && e.Entity != "")
		if be, ok := benchError(ix, e, decisions[i], want, referred && e.Entity != "", byID); ok {
			res.Errors = append(res.Errors, be)
		}
	}
	res.AutoPrecision = ratio(res.AutoCorrect, res.AutoMatched)
	res.AutoRecall = ratio(res.AutoCorrect, withTruth)
	res.CandidateRecall = ratio(found, withTruth)
	res.ReviewYield = ratio(res.ReviewWithTrueCandidate, res.Review)
	res.Curve = benchCurve(ix, entries, truth, th)
	res.Calibration = benchCalibration(decisions, entries, truth)
	return res
}

// count adds one decision to the tallies and reports whether the true referral was found.
func (res *BenchResult) count(d Decision, want string, referred bool) int {
	switch d.Outcome {
	case OutcomeAuto:
		res.AutoMatched++
		if referred && d.ReferralID == want {
			res.AutoCorrect++
			return 1
		}
		if !referred {
			res.FalseAutoOnUnreferred++
		}
	case OutcomeReview:
		res.Review++
		for _, c := range d.Candidates {
			if referred && c.ReferralID == want {
				res.ReviewWithTrueCandidate++
				return 1
			}
		}
	}
	return 0
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return math3(float64(a) / float64(b))
}

func math3(x float64) float64 { return float64(int64(x*10000+0.5)) / 10000 }
