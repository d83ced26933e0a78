package main

import (
	"strings"
	"testing"
)

// `refsync doctor` names an object the org refuses — a field hidden by
// field-level security, a missing permission — with what to do.
func TestDoctorNamesARefusedObject(t *testing.T) {
	emu, _, getenv := emuEnv(t)
	if err := emu.HideField("Opportunity", "Referral_ID__c", true); err != nil {
		t.Fatal(err)
	}
	if err := emu.DenyObject("Lead", true); err != nil {
		t.Fatal(err)
	}
	out, err := runWith(getenv, "doctor")
	if err == nil {
		t.Fatalf("doctor found nothing wrong:\n%s", out)
	}
	for _, want := range []string{"Opportunity.Referral_ID__c", "Set Field-Level Security", "may not read Lead", "grant it Read on Lead"} {
		if !strings.Contains(out, want) {
			t.Errorf("doctor does not say %q:\n%s", want, out)
		}
	}
}

// `refsync sync --once` against an org that hides a field says which field and what to do.
func TestSyncOnceSaysWhatToDoAboutAHiddenField(t *testing.T) {
	emu, _, getenv := emuEnv(t)
	if err := emu.HideField("Opportunity", "Referral_ID__c", true); err != nil {
		t.Fatal(err)
	}
	out, err := runWith(getenv, "sync", "--once", "--object", "Opportunity")
	if err == nil || !strings.Contains(err.Error(), "Opportunity.Referral_ID__c") || !strings.Contains(err.Error(), "Set Field-Level Security") {
		t.Fatalf("sync --once with a hidden field: %v\n%s", err, out)
	}
}
