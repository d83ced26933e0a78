package connector_test

import (
	"errors"
	"testing"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector"
	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// twoPrograms gives the env a second program whose rules differ from the
// default's: a Lead entering "Closed - Converted" approves there, while the
// default program only qualifies.
func twoPrograms(t *testing.T, e *env) *store.Program {
	t.Helper()
	p, err := e.db.CreateProgram(e.ctx, "Partners", "test")
	if err != nil {
		t.Fatal(err)
	}
	rules := config.DefaultRules()
	rules.Backfill = "2000-01-01"
	rules.Events = []config.Event{{Object: "Lead", Field: "Status", Operator: config.OpEquals, Value: "Closed - Converted", Status: "approved"}}
	body, err := rules.JSON()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.SaveSettings(e.ctx, p.ID, body, "test"); err != nil {
		t.Fatal(err)
	}
	on := true // a new program starts off
	if p, err = e.db.UpdateProgram(e.ctx, p.ID, store.ProgramChange{Watching: &on}, "test"); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOneChangeTwoProgramsOnePollPerObject(t *testing.T) {
	e := newEnv(t)
	p := twoPrograms(t, e)
	inDefault := e.referral(&store.Referral{FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com", Company: "Analytical"})
	inPartners := e.referral(&store.Referral{ProgramID: p.ID, FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com", Company: "Analytical"})
	lead := e.insert("Lead", map[string]any{"FirstName": "Ada", "LastName": "Lovelace", "Email": "ada@example.com", "Company": "Analytical", "Status": "Open - Not Contacted"})
	e.sync()

	e.emu.ResetUsage()
	e.update("Lead", lead, map[string]any{"Status": "Closed - Converted", "IsConverted": true})
	res := e.sync()
	if calls := e.emu.APICalls(); calls != len(res) {
		t.Errorf("one sync of %d objects for two programs made %d API calls; want one query per object", len(res), calls)
	}
	if got := e.status(inPartners.ID); got != "approved" {
		t.Errorf("Partners' referral is %s, want approved (entry %+v)", got, e.entries(store.EntryFilter{ProgramID: p.ID}))
	}
	if got := e.status(inDefault.ID); got != "qualified" {
		t.Errorf("the default program's referral is %s, want qualified", got)
	}
	for prog, want := range map[int64]string{store.DefaultProgram: inDefault.ID, p.ID: inPartners.ID} {
		list := e.entries(store.EntryFilter{ProgramID: prog, Search: lead})
		if len(list) != 2 {
			t.Fatalf("program %d has %d entries of the lead, want 2 (one per change)", prog, len(list))
		}
		if got := list[0]; got.ReferralID != want || got.Outcome != matching.EntryProcessed || got.ProgramID != prog {
			t.Errorf("program %d's entry: referral %s outcome %s program %d; want %s processed", prog, got.ReferralID, got.Outcome, got.ProgramID, want)
		}
	}
}

func TestDirectReferralIDNamesTheProgram(t *testing.T) {
	e := newEnv(t)
	p := twoPrograms(t, e)
	e.referral(&store.Referral{FirstName: "Bo", LastName: "Lind", Email: "bo@example.com"})
	partner := e.referral(&store.Referral{ProgramID: p.ID, FirstName: "Bo", LastName: "Lind", Email: "bo@example.com"})
	lead := e.insert("Lead", map[string]any{"FirstName": "Bo", "LastName": "Lind", "Email": "bo@example.com", "Company": "X",
		"Status": "Closed - Converted", "IsConverted": true, "Referral_ID__c": partner.ID})
	e.sync()
	if list := e.entries(store.EntryFilter{ProgramID: store.DefaultProgram, Search: lead}); len(list) != 0 {
		t.Errorf("the default program received a change whose Referral ID names a Partners referral: %+v", list[0])
	}
	list := e.entries(store.EntryFilter{ProgramID: p.ID, Search: lead})
	if len(list) != 1 || list[0].Method != matching.MethodDirect || list[0].ReferralID != partner.ID {
		t.Fatalf("Partners' entries = %+v", list)
	}
	if got := e.status(partner.ID); got != "approved" {
		t.Errorf("status %s, want approved", got)
	}
}

func TestApplyEntryRefusesAnotherProgramsReferral(t *testing.T) {
	e := newEnv(t)
	p := twoPrograms(t, e)
	other := e.referral(&store.Referral{ProgramID: p.ID, FirstName: "Oda", LastName: "Other", Email: "oda@other.example"})
	lead := e.insert("Lead", map[string]any{"FirstName": "Zed", "LastName": "Nobody", "Email": "zed@nobody.example", "Company": "Z",
		"Status": "Closed - Converted", "IsConverted": true})
	e.sync()
	en := e.entries(store.EntryFilter{ProgramID: store.DefaultProgram, Search: lead})
	if len(en) != 1 {
		t.Fatalf("default program's entries of the lead: %d", len(en))
	}
	if _, err := e.rc.ApplyEntry(e.ctx, en[0].ID, other.ID, false, "user:ops"); !errors.Is(err, connector.ErrInvalid) {
		t.Fatalf("applying an entry to another program's referral: %v, want ErrInvalid", err)
	}
	if got := e.status(other.ID); got != "pending" {
		t.Errorf("the other program's referral became %s", got)
	}
}
