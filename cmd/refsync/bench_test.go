package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBenchMatchCommand runs `refsync bench match` on a bench folder the way
// a user would, with --json and --errors.
func TestBenchMatchCommand(t *testing.T) {
	dir := filepath.Join("..", "..", "matching", "testdata", "bench", "chicago_dev")
	errPath := filepath.Join(t.TempDir(), "errors.csv")
	var out, errOut bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
	err := run(context.Background(), env, []string{"bench", "match", "--referrals", filepath.Join(dir, "referrals.csv"),
		"--entries", filepath.Join(dir, "entries.csv"), "--json", "--errors", errPath})
	if err != nil {
		t.Fatalf("bench match: %v (%s)", err, errOut.String())
	}
	var res struct {
		Entries       int     `json:"entries"`
		AutoPrecision float64 `json:"auto_precision"`
		Curve         []struct {
			AutoThreshold float64  `json:"auto_threshold"`
			AutoPrecision *float64 `json:"auto_precision"`
			AutoRecall    *float64 `json:"auto_recall"`
		} `json:"curve"`
	}
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatalf("--json output %q: %v", out.String(), err)
	}
	if res.Entries != 1298 || len(res.Curve) < 5 || res.Curve[0].AutoPrecision == nil || res.Curve[0].AutoRecall == nil {
		t.Fatalf("result %+v lacks entries or the curve", res)
	}
	f, err := os.Open(errPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) < 2 || rows[0][0] != "kind" {
		t.Fatalf("errors CSV: %v, %d rows", err, len(rows))
	}
	conflicts := 0
	for _, r := range rows[1:] {
		if r[4] == "conflicting_evidence" && strings.Contains(r[9], "conflict") {
			conflicts++
		}
	}
	if conflicts == 0 {
		t.Error("no conflicting_evidence row names its conflict in matched_fields")
	}
	if err := run(context.Background(), env, []string{"bench", "match", "--entries", "x.csv"}); err == nil {
		t.Error("missing --referrals accepted")
	}
}

// TestBenchMatchBaseline: --baseline scores the three exact rules on the same
// data beside the matcher, and both outputs carry the review yield.
func TestBenchMatchBaseline(t *testing.T) {
	dir := filepath.Join("..", "..", "matching", "testdata", "bench", "chicago_dev")
	args := []string{"bench", "match", "--referrals", filepath.Join(dir, "referrals.csv"), "--entries", filepath.Join(dir, "entries.csv"), "--baseline"}
	var out, errOut bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
	if err := run(context.Background(), env, append(args, "--json")); err != nil {
		t.Fatalf("bench match --baseline --json: %v (%s)", err, errOut.String())
	}
	var res struct {
		AutoRecall  float64  `json:"auto_recall"`
		ReviewYield *float64 `json:"review_yield"`
		Baseline    *struct {
			AutoMatched   int     `json:"auto_matched"`
			AutoPrecision float64 `json:"auto_precision"`
			AutoRecall    float64 `json:"auto_recall"`
		} `json:"baseline"`
	}
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatalf("--json output: %v", err)
	}
	if res.ReviewYield == nil || res.Baseline == nil || res.Baseline.AutoMatched == 0 {
		t.Fatalf("result lacks review_yield or the baseline: %s", out.String())
	}
	if res.AutoRecall <= res.Baseline.AutoRecall {
		t.Errorf("auto recall %.4f not ahead of the exact rules' %.4f", res.AutoRecall, res.Baseline.AutoRecall)
	}
	out.Reset()
	if err := run(context.Background(), env, args); err != nil {
		t.Fatalf("bench match --baseline: %v", err)
	}
	for _, want := range []string{"review yield", "exact rules (baseline)"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("text output lacks %q:\n%s", want, out.String())
		}
	}
}
