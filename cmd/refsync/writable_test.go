package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/salesforce"
	"github.com/refsync/refsync/connector/sfemu"
)

// The push writes its fields when it creates a Lead, the status write-back
// when it updates a record: a field the org marks read-only (not createable,
// not updateable in describe) is refused on save instead of failing every push.
func TestReadOnlyPushTargetsAreRefused(t *testing.T) {
	validate := validateAgainst(emuClient(t))
	rules := config.DefaultRules()
	rules.Push.StatusTargets = []config.StatusTarget{{Object: "Opportunity", Field: "Description"}}
	if err := validate(rules); err != nil {
		t.Fatalf("the default push and a write-back into Description were refused: %v", err)
	}
	rules.Push.CustomFields = map[string]string{"signed_up": "CreatedDate"}
	rules.Push.StatusTargets = []config.StatusTarget{{Object: "Opportunity", Field: "IsClosed"}}
	err := validate(rules)
	for _, want := range []string{"push.custom_fields.signed_up: Lead CreatedDate is read-only for the API",
		"push.status_targets[0].field: Opportunity IsClosed is read-only for the API"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("refusal does not say %q:\n%v", want, err)
		}
	}
}

// emuClient is a Salesforce client logged in to a fresh emulated org.
func emuClient(t *testing.T) *salesforce.Client {
	t.Helper()
	emu, _, _ := emuEnv(t)
	return clientOf(t, emu)
}

// clientOf is a Salesforce client logged in to emu.
func clientOf(t *testing.T, emu *sfemu.Server) *salesforce.Client {
	t.Helper()
	o := emu.Options()
	crm, err := salesforce.New(salesforce.Config{LoginURL: emu.URL(), Auth: salesforce.AuthClientCredentials,
		ClientID: o.ClientID, ClientSecret: o.ClientSecret, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return crm
}

// validateAgainst checks rules against crm's describe, as the settings page does.
func validateAgainst(crm *salesforce.Client) func(*config.Rules) error {
	describe := describeSchema(crm)
	return func(r *config.Rules) error {
		return r.ValidateSchema(nil, func(object string) (*config.ObjectSchema, error) { return describe(context.Background(), object) })
	}
}

// A push field field-level security makes read only for the integration user
// (the emulator's --read-only-field) is refused when the settings are checked
// against the org — the doctor's and the settings page's check — saying so.
func TestReadOnlyByFieldSecurityIsRefused(t *testing.T) {
	emu, _, _ := emuEnv(t)
	if err := emu.SetFieldReadOnly("Lead", "LeadSource", true); err != nil {
		t.Fatal(err)
	}
	err := validateAgainst(clientOf(t, emu))(config.DefaultRules())
	if err == nil || !strings.Contains(err.Error(), "Lead LeadSource is read-only for the API") || !strings.Contains(err.Error(), "field-level security") {
		t.Fatalf("the default push onto a read-only LeadSource: %v", err)
	}
}
