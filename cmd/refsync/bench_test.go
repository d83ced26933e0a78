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
