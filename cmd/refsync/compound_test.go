package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/salesforce"
)

// A compound field (an address) in a mapping would be written as "map[…]":
// saving such settings is refused with the component fields to use, through
// the org's real describe.
func TestCompoundFieldInAMappingIsRefused(t *testing.T) {
	emu, _, _ := emuEnv(t)
	o := emu.Options()
	crm, err := salesforce.New(salesforce.Config{LoginURL: emu.URL(), Auth: salesforce.AuthClientCredentials,
		ClientID: o.ClientID, ClientSecret: o.ClientSecret, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	rules := config.DefaultRules()
	rules.Mappings = append(rules.Mappings, config.Mapping{Object: "Contact", Field: "MailingAddress", Target: "custom.address"},
		config.Mapping{Object: "Lead", Field: "Address", Target: "custom.address"})
	describe := describeSchema(crm)
	err = rules.ValidateSchema(nil, func(object string) (*config.ObjectSchema, error) { return describe(context.Background(), object) })
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
