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
