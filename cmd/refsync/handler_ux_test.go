package main

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// The settings page's choices and record links come from the org: describe
// gives labels, types and picklist values, the global describe the objects,
// the login the address records open at.
func TestSchemaChoicesAndRecordLinksFromTheOrg(t *testing.T) {
	crm := emuClient(t)
	ctx := context.Background()
	if got := recordURL(crm)("006000000000001AAA"); got != "" {
		t.Fatalf("a link before any login: %q", got)
	}
	opp, err := describeSchema(crm)(ctx, "Opportunity")
	if err != nil {
		t.Fatal(err)
	}
	stage, ok := opp.Field("StageName")
	if !ok || stage.Type != "picklist" || !slices.Contains(stage.Picklist, "Closed Won") || !slices.Contains(stage.Picklist, "Negotiation/Review") {
		t.Fatalf("StageName from describe: %+v", stage)
	}
	if amount, _ := opp.Field("Amount"); !amount.IsNumber() || amount.Label == "" {
		t.Fatalf("Amount from describe: %+v", amount)
	}
	objects, err := listObjects(crm)(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, ob := range objects {
		names = append(names, ob.Name)
	}
	for _, want := range []string{"Account", "Contact", "Lead", "Opportunity"} {
		if !slices.Contains(names, want) {
			t.Errorf("the org's objects lack %s: %v", want, names)
		}
	}
	if got := recordURL(crm)("006000000000001AAA"); !strings.HasPrefix(got, "http://127.0.0.1") || !strings.HasSuffix(got, "/006000000000001AAA") {
		t.Fatalf("record link after login: %q", got)
	}
}
