package matching

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

// tinyBench is a labelled set with one of each outcome: a right automatic
// match, another site held back by its conflicting name, a wrong automatic
// match on an unreferred entity (an annex under the same name and phone, no
// street to tell), a true match left in review and one not found.
func tinyBench() ([]LabeledReferral, []LabeledEntry) {
	refs := []LabeledReferral{
		{Entity: "ada", Referral: Referral{ID: "R1", FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com"}},
		{Entity: "north", Referral: Referral{ID: "R2", Company: "Kids First - North", Phone: "312 555 0100", Street: "1 Lake St"}},
		{Entity: "grace", Referral: Referral{ID: "R3", FirstName: "Grace", LastName: "Hopper", City: "Arlington"}},
		{Entity: "alan", Referral: Referral{ID: "R4", FirstName: "Alan", LastName: "Turing", Email: "alan@example.org"}},
	}
	ents := []LabeledEntry{
		{ID: "E1", Entity: "ada", SalesEntry: SalesEntry{FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com"}},
		{ID: "E2", Entity: "south", SalesEntry: SalesEntry{Company: "Kids First - South", Phone: "3125550100"}},
		{ID: "E3", Entity: "north-annex", SalesEntry: SalesEntry{Company: "Kids First North", Phone: "312-555-0100"}},
		{ID: "E4", Entity: "grace", SalesEntry: SalesEntry{FirstName: "G", LastName: "Hopper"}},
		{ID: "E5", Entity: "alan", SalesEntry: SalesEntry{FirstName: "Bob", LastName: "Smith", Email: "bob@other.net"}},
	}
	return refs, ents
}

func TestBenchErrorsCSV(t *testing.T) {
	refs, ents := tinyBench()
	res := RunBench(refs, ents, DefaultThresholds())
	kinds := map[string]string{}
	for _, e := range res.Errors {
		kinds[e.EntryID] = e.Kind
	}
	want := map[string]string{"E3": "false_auto", "E4": "missed_review", "E5": "missed_not_found"}
	for id, k := range want {
		if kinds[id] != k {
			t.Errorf("entry %s: kind %q, want %q (all: %v)", id, kinds[id], k, kinds)
		}
	}
	if _, ok := kinds["E1"]; ok {
		t.Errorf("a right automatic match is listed as an error: %v", kinds)
	}
	var buf bytes.Buffer
	if err := WriteBenchErrors(&buf, res.Errors); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("errors CSV does not parse: %v", err)
	}
	if strings.Join(rows[0], ",") != strings.Join(benchErrorHeader, ",") || len(rows) != len(res.Errors)+1 {
		t.Fatalf("header %v, %d rows for %d errors", rows[0], len(rows), len(res.Errors))
	}
	col := func(row []string, name string) string {
		for i, h := range rows[0] {
			if h == name {
				return row[i]
			}
		}
		return ""
	}
	for _, row := range rows[1:] {
		switch col(row, "entry_id") {
		case "E4": // in review: the true referral's reasons say why it was not applied
			if !strings.Contains(col(row, "true_fields"), "initial") || col(row, "true_referral") != "R3" {
				t.Errorf("E4 true_fields %q", col(row, "true_fields"))
			}
		case "E5": // never a candidate: the reasons still compare it with its true referral
			if !strings.Contains(col(row, "true_fields"), "different email") || col(row, "true_values") == "" {
				t.Errorf("E5 true referral %q fields %q", col(row, "true_values"), col(row, "true_fields"))
			}
		case "E3":
			if col(row, "matched_referral") != "R2" || !strings.Contains(col(row, "matched_fields"), "same phone") {
				t.Errorf("E3 matched %q fields %q", col(row, "matched_referral"), col(row, "matched_fields"))
			}
		}
	}
}

func TestBenchCurve(t *testing.T) {
	refs, ents := tinyBench()
	th := DefaultThresholds()
	res := RunBench(refs, ents, th)
	if len(res.Curve) != len(curveThresholds) {
		t.Fatalf("%d curve points, want %d", len(res.Curve), len(curveThresholds))
	}
	for i, p := range res.Curve {
		if i > 0 && p.AutoMatched > res.Curve[i-1].AutoMatched {
			t.Errorf("a higher threshold matched more: %+v after %+v", p, res.Curve[i-1])
		}
		if p.AutoThreshold == th.Auto && (p.AutoPrecision != res.AutoPrecision || p.AutoRecall != res.AutoRecall) {
			t.Errorf("curve at the bench's own threshold %+v disagrees with the result %+v", p, res)
		}
	}
	last := res.Curve[len(res.Curve)-1]
	if last.AutoMatched != 2 || last.AutoPrecision != 0.5 || last.AutoRecall != 0.3333 { // E1 right, E3 wrong
		t.Errorf("strictest point %+v, want 2 matched, precision 0.5, recall 0.3333", last)
	}
}
