package connector_test

import (
	"sync"
	"testing"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector"
	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

func TestClosedWonApprovesExactlyOnce(t *testing.T) {
	e := newEnv(t)
	ref := e.referral(&store.Referral{FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com"})
	opp := e.insert("Opportunity", map[string]any{"StageName": "Prospecting", "Referral_ID__c": ref.ID, "Amount": 1000.0})
	e.sync()
	if got := e.status(ref.ID); got != "pending" {
		t.Fatalf("before Closed Won: status %s", got)
	}
	e.update("Opportunity", opp, map[string]any{"StageName": "Closed Won"})
	e.sync()
	if got := e.status(ref.ID); got != "approved" {
		t.Fatalf("after Closed Won: status %s (entry %+v)", got, e.entryOf(opp))
	}
	// Later edits, a stage bounce and overlapping polls change nothing more.
	steps := []map[string]any{{"Amount": 2500.0}, {"Name": "Renamed"}, {"StageName": "Closed Lost"}, {"StageName": "Closed Won"}}
	for _, s := range steps {
		e.update("Opportunity", opp, s)
		var wg sync.WaitGroup
		for range 3 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := e.rc.SyncNow(e.ctx, "Opportunity"); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
	}
	if n := e.changes(ref.ID, "approved"); n != 1 {
		t.Fatalf("approved %d times, want exactly once", n)
	}
	got, _ := e.db.ReferralByID(e.ctx, ref.ID)
	if got.Amount == nil || *got.Amount != 2500 {
		t.Fatalf("amount mapping not applied: %v", got.Amount)
	}
	all := e.entries(store.EntryFilter{Object: "Opportunity"})
	if len(all) != 1+1+len(steps) {
		t.Fatalf("entries = %d, want one per change (%d)", len(all), 2+len(steps))
	}
}

func TestDeniedReferralNeedsOverride(t *testing.T) {
	tests := []struct {
		name     string
		override bool
		want     string
		outcome  matching.EntryOutcome
		reason   string
	}{
		{"toggle off → review", false, "denied", matching.EntryReview, matching.ReasonDeniedOverride},
		{"toggle on → approved", true, "approved", matching.EntryProcessed, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.rules.Process.AllowDeniedOverride = tt.override
			e.rc = e.newReceiver()
			ref := e.referral(&store.Referral{FirstName: "Bo", LastName: "Denied", Email: "bo@example.com", Status: "denied"})
			opp := e.insert("Opportunity", map[string]any{"StageName": "Closed Won", "Referral_ID__c": ref.ID})
			e.sync()
			en := e.entryOf(opp)
			if e.status(ref.ID) != tt.want || en.Outcome != tt.outcome || en.Reason != tt.reason {
				t.Fatalf("status %s, entry %s/%s; want %s, %s/%s", e.status(ref.ID), en.Outcome, en.Reason, tt.want, tt.outcome, tt.reason)
			}
		})
	}
}

func TestLeadWithMemberCodeCreatesReferral(t *testing.T) {
	e := newEnv(t)
	m := &store.Member{ReferralCode: "ANN-42", FirstName: "Ann", Email: "ann@example.com"}
	if err := e.db.CreateMember(e.ctx, m); err != nil {
		t.Fatal(err)
	}
	lead := e.insert("Lead", map[string]any{"FirstName": "Cy", "LastName": "Newman", "Company": "Newman GmbH",
		"Email": "cy@newman.example", "Member_Code__c": "ANN-42"})
	stranger := e.insert("Lead", map[string]any{"FirstName": "Di", "LastName": "Nobody", "Company": "X", "Member_Code__c": "NOPE"})
	e.sync()
	en := e.entryOf(lead)
	if en.Outcome != matching.EntryProcessed || en.Method != matching.MethodMember || en.ReferralID == "" {
		t.Fatalf("entry = %+v", en)
	}
	ref, err := e.db.ReferralByID(e.ctx, en.ReferralID)
	if err != nil || ref.MemberID != m.ID || ref.Email != "cy@newman.example" || ref.Company != "Newman GmbH" {
		t.Fatalf("referral = %+v, %v", ref, err)
	}
	if s := e.entryOf(stranger); s.Outcome != matching.EntryReview || s.Reason != matching.ReasonMemberNotFound {
		t.Fatalf("unknown member code: %s/%s", s.Outcome, s.Reason)
	}
	// The conversion follows the link: the new Opportunity approves the referral.
	conv, err := e.emu.ConvertLead(lead)
	if err != nil {
		t.Fatal(err)
	}
	e.sync()
	if got := e.status(ref.ID); got != "qualified" {
		t.Fatalf("after conversion: %s (entry %+v)", got, e.entryOf(lead))
	}
	e.update("Opportunity", conv.OpportunityID, map[string]any{"StageName": "Closed Won"})
	e.sync()
	if got := e.status(ref.ID); got != "approved" {
		t.Fatalf("converted Opportunity won: %s (entry %+v)", got, e.entryOf(conv.OpportunityID))
	}
	links, _ := e.db.LinksOfReferral(e.ctx, ref.ID)
	if len(links) != 3 {
		t.Fatalf("links = %+v, want Lead, Contact and Opportunity", links)
	}
}

func TestAmbiguousLeadGoesToReview(t *testing.T) {
	e := newEnv(t)
	for _, email := range []string{"jsmith@alpha.example", "john.smith@beta.example"} {
		e.referral(&store.Referral{FirstName: "John", LastName: "Smith", Email: email, Company: "Smith Consulting", City: "Springfield"})
	}
	lead := e.insert("Lead", map[string]any{"FirstName": "John", "LastName": "Smith", "Company": "Smith Consulting",
		"City": "Springfield", "Status": "Closed - Converted", "IsConverted": true})
	e.sync()
	en := e.entryOf(lead)
	if en.Outcome != matching.EntryReview || en.Reason != matching.ReasonAmbiguous || len(en.Candidates) < 2 {
		t.Fatalf("entry = %s/%s with %d candidates", en.Outcome, en.Reason, len(en.Candidates))
	}
}

func TestDeletedRecordMarksLink(t *testing.T) {
	e := newEnv(t)
	ref := e.referral(&store.Referral{FirstName: "Del", LastName: "Eted", Email: "del@example.com"})
	c := e.insert("Contact", map[string]any{"LastName": "Eted", "Referral_ID__c": ref.ID})
	e.sync()
	if err := e.emu.Delete("Contact", c); err != nil {
		t.Fatal(err)
	}
	e.sync()
	links, _ := e.db.LinksOfReferral(e.ctx, ref.ID)
	if len(links) != 1 || links[0].DeletedAt == "" {
		t.Fatalf("links = %+v", links)
	}
	if en := e.entryOf(c); en.Outcome != matching.EntryIgnored || en.Note == "" {
		t.Fatalf("delete entry = %+v", en)
	}
}

func TestMergedRecordMovesLink(t *testing.T) {
	e := newEnv(t)
	ref := e.referral(&store.Referral{FirstName: "Mer", LastName: "Ged", Email: "mer@example.com"})
	loser := e.insert("Contact", map[string]any{"LastName": "Ged", "Referral_ID__c": ref.ID})
	winner := e.insert("Contact", map[string]any{"LastName": "Ged"})
	e.sync()
	// A merge deletes the losing record and names the survivor in MasterRecordId.
	e.update("Contact", loser, map[string]any{"MasterRecordId": winner})
	if err := e.emu.Delete("Contact", loser); err != nil {
		t.Fatal(err)
	}
	e.sync()
	l, err := e.db.LinkByRecord(e.ctx, winner)
	if err != nil || l.ReferralID != ref.ID {
		t.Fatalf("survivor link = %+v, %v", l, err)
	}
}

func TestVanishedReferralFailsOnlyItsEntry(t *testing.T) {
	for _, stage := range []string{"Closed Won", "Prospecting"} {
		t.Run(stage, func(t *testing.T) {
			e := newEnv(t)
			ghost := matching.Referral{ID: "ref_ghost", FirstName: "Gho", LastName: "St", Email: "ghost@example.com"}
			e.rc.ReferralChanged(ghost) // told about a referral whose transaction never committed
			ref := e.referral(&store.Referral{FirstName: "Real", LastName: "One", Email: "real@example.com"})
			bad := e.insert("Opportunity", map[string]any{"StageName": stage, "Referral_ID__c": "ref_ghost"})
			good := e.insert("Opportunity", map[string]any{"StageName": "Closed Won", "Referral_ID__c": ref.ID})
			e.sync()
			if en := e.entryOf(bad); en.Outcome != matching.EntryFailed {
				t.Fatalf("ghost entry = %s/%s", en.Outcome, en.Reason)
			}
			if e.entryOf(good).Outcome != matching.EntryProcessed || e.status(ref.ID) != "approved" {
				t.Fatal("the rest of the page was not applied")
			}
		})
	}
}

func TestAccountWithRelatedContacts(t *testing.T) {
	e := newEnv(t, func(_ *sfemuOptions, r *rulesT) {
		r.Objects = append(r.Objects, "Account")
		r.FuzzyFields = append(r.FuzzyFields, config.MatchField{Object: "Account", Field: "Name", Kind: "company"},
			config.MatchField{Object: "Account", Field: "Contact.Email", Kind: "email"})
		r.Events = append(r.Events, config.Event{Object: "Account", Field: "Opportunity.StageName", Operator: config.OpEquals, Value: "Closed Won", Status: "approved"})
	})
	ref := e.referral(&store.Referral{FirstName: "Acc", LastName: "Ount", Email: "solo@acme.example", Company: "Acme Widgets"})
	one := e.insert("Account", map[string]any{"Name": "Acme Widgets"})
	e.insert("Contact", map[string]any{"LastName": "Ount", "Email": "solo@acme.example", "AccountId": one})
	e.insert("Opportunity", map[string]any{"StageName": "Closed Won", "AccountId": one})
	two := e.insert("Account", map[string]any{"Name": "Crowd Ltd"})
	for _, m := range []string{"a@crowd.example", "b@crowd.example"} {
		e.insert("Contact", map[string]any{"LastName": "C", "Email": m, "AccountId": two})
	}
	e.update("Account", one, map[string]any{"Name": "Acme Widgets"}) // the account changes after its children
	e.update("Account", two, map[string]any{"Name": "Crowd Ltd"})
	e.sync()
	if got := e.entryOf(one).Snapshot["Contact.Email"]; got != "solo@acme.example" {
		t.Fatalf("exactly one contact: Contact.Email = %v", got)
	}
	if got := e.entryOf(two).Snapshot["Contact.Email"]; got != nil {
		t.Fatalf("two contacts: Contact.Email = %v, want null", got)
	}
	if e.status(ref.ID) != "approved" {
		t.Fatalf("account with its one won opportunity: %s (entry %+v)", e.status(ref.ID), e.entryOf(one))
	}
}

func TestCompanyMappingKeepsIndexInStep(t *testing.T) {
	e := newEnv(t, func(_ *sfemuOptions, r *rulesT) {
		r.Mappings = append(r.Mappings, config.Mapping{Object: "Opportunity", Field: "Account.Name", Target: "company"})
	})
	ix := matching.NewIndex()
	rc, err := connector.New(connector.Options{Sink: e.db, CRM: e.crm, Settings: e.db, Rules: e.rules, Index: ix})
	if err != nil {
		t.Fatal(err)
	}
	e.rc = rc
	ref := e.referral(&store.Referral{FirstName: "Ida", LastName: "Index", Email: "ida@old.example", Company: "Old Name"})
	acc := e.insert("Account", map[string]any{"Name": "Zyxwv Renamed Holdings"})
	e.insert("Opportunity", map[string]any{"StageName": "Prospecting", "Referral_ID__c": ref.ID, "AccountId": acc})
	e.sync()
	if got, _ := e.db.ReferralByID(e.ctx, ref.ID); got.Company != "Zyxwv Renamed Holdings" {
		t.Fatalf("company = %q", got.Company)
	}
	// The matcher now compares the referral's new company.
	d := ix.Match(matching.SalesEntry{FirstName: "Ida", LastName: "Index", Company: "Zyxwv Renamed Holdings"}, matching.DefaultThresholds())
	sim := -1.0
	for _, c := range d.Candidates {
		for _, f := range c.Fields {
			if c.ReferralID == ref.ID && f.Field == "company" {
				sim = f.Similarity
			}
		}
	}
	if sim < 0.9 {
		t.Fatalf("company similarity in the index = %v, want the new company (decision %+v)", sim, d)
	}
}

func TestReferralIDFieldMayHoldExternalID(t *testing.T) {
	e := newEnv(t)
	ref := e.referral(&store.Referral{FirstName: "Ext", LastName: "Ernal", Email: "ext@example.com", ExternalID: "CRM-778"})
	opp := e.insert("Opportunity", map[string]any{"StageName": "Closed Won", "Referral_ID__c": "CRM-778"})
	e.sync()
	if en := e.entryOf(opp); en.Method != matching.MethodDirect || e.status(ref.ID) != "approved" {
		t.Fatalf("entry %s/%s method %s, status %s", en.Outcome, en.Reason, en.Method, e.status(ref.ID))
	}
}
