package main

import (
	"strings"
	"testing"
)

// TestDoctorBackfillPath: doctor says which path a backfill of each object
// takes — Bulk API 2.0 at or over the threshold, REST under it.
func TestDoctorBackfillPath(t *testing.T) {
	emu, _, getenv := emuEnv(t)
	for i := 0; i < 10000; i++ {
		if _, err := emu.Insert("Lead", map[string]any{"LastName": "Many", "Company": "Co"}); err != nil {
			t.Fatal(err)
		}
	}
	out, err := runWith(getenv, "doctor")
	if err != nil {
		t.Fatalf("doctor: %v\n%s", err, out)
	}
	for _, want := range []string{"a backfill or re-scan reads:", "Lead → Bulk API 2.0: 10", "at or over the threshold of 10000", "Opportunity → REST: "} {
		if !strings.Contains(out, want) {
			t.Errorf("doctor says no %q:\n%s", want, out)
		}
	}
}

// The threshold is a setting (REFSYNC_SF_BULK_THRESHOLD, salesforce.bulk_threshold):
// a lower one sends a small object through Bulk API 2.0, -1 switches it off,
// and a value that is no number is refused with words.
func TestBulkThresholdSetting(t *testing.T) {
	emu, _, base := emuEnv(t)
	for i := 0; i < 12; i++ {
		if _, err := emu.Insert("Lead", map[string]any{"LastName": "Few", "Company": "Co"}); err != nil {
			t.Fatal(err)
		}
	}
	with := func(v string) func(string) string {
		return func(k string) string {
			if k == "REFSYNC_SF_BULK_THRESHOLD" {
				return v
			}
			return base(k)
		}
	}
	for v, want := range map[string]string{
		"10": "Lead → Bulk API 2.0: 12 records, at or over the threshold of 10",
		"-1": "Lead → REST: Bulk API 2.0 is switched off",
		"":   "Lead → REST: 12 records, under the Bulk API 2.0 threshold of 10000",
	} {
		out, err := runWith(with(v), "doctor")
		if err != nil || !strings.Contains(out, want) {
			t.Errorf("REFSYNC_SF_BULK_THRESHOLD=%q: doctor says no %q (%v):\n%s", v, want, err, out)
		}
	}
	for v, want := range map[string]string{"lots": "is not a whole number", "-5": "must be a record count"} {
		if out, err := runWith(with(v), "doctor"); err == nil && !strings.Contains(out, want) || err != nil && !strings.Contains(err.Error()+out, want) {
			t.Errorf("REFSYNC_SF_BULK_THRESHOLD=%q: want %q, got %v\n%s", v, want, err, out)
		}
	}
}
