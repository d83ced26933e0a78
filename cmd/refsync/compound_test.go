package main

import (
	"context"
	"strings"
	"testing"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/store"
)

// A compound field (an address) in a mapping would be written as "map[…]":
// saving such settings is refused with the component fields to use, through
// the org's real describe.
func TestCompoundFieldInAMappingIsRefused(t *testing.T) {
	rules := config.DefaultRules()
	rules.Mappings = append(rules.Mappings, config.Mapping{Object: "Contact", Field: "MailingAddress", Target: "custom.address"},
		config.Mapping{Object: "Lead", Field: "Address", Target: "custom.address"})
	err := validateAgainst(emuClient(t))(rules)
	if err == nil {
		t.Fatal("a mapping of MailingAddress was accepted")
	}
	for _, want := range []string{"Contact MailingAddress is a compound field", "MailingCity", "MailingPostalCode",
		"Lead Address is a compound field", "PostalCode"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("refusal does not say %q:\n%v", want, err)
		}
	}
}

// doctor refuses the same compound field in saved settings, naming its components.
func TestDoctorNamesACompoundField(t *testing.T) {
	_, dbPath, getenv := emuEnv(t)
	db, err := store.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	rules := config.DefaultRules()
	rules.Mappings = append(rules.Mappings, config.Mapping{Object: "Contact", Field: "MailingAddress", Target: "custom.address"})
	body, _ := rules.JSON()
	if _, err := db.SaveSettings(context.Background(), 1, body, "test"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	out, err := runWith(getenv, "doctor")
	if err == nil || !strings.Contains(out, "Contact MailingAddress is a compound field") || !strings.Contains(out, "MailingCity") {
		t.Fatalf("doctor with a compound field mapped: %v\n%s", err, out)
	}
}
