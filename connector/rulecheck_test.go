package connector_test

import (
	"strings"
	"testing"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector"
	"github.com/refsync/refsync/store"
)

// An org whose won stage is "Closed - Won" and converted status "Qualified":
// the rules on "Closed Won" and "Closed - Converted" can never fire. The check
// names each rule and the values the field has now, and keeps them for the
// dashboard and the trouble email.
func TestRenamedValuesAreFoundByTheRuleCheck(t *testing.T) {
	var log connector.SyncBuffer
	e := newEnv(t, func(o *sfemuOptions, r *rulesT) {
		o.WonStage, o.ConvertedStatus = "Closed - Won", "Qualified"
		o.RequestLog = &log
		r.Events = config.LabelEvents() // settings saved before the defaults named the meaning
	})
	found, err := e.rc.CheckRules(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 2 {
		t.Fatalf("found %d dead rules, want the stage and the status rule: %+v", len(found), found)
	}
	for _, want := range []string{`"Closed Won"`, `"Closed - Won"`, `"Closed - Converted"`, `"Qualified"`, "IsWon is true", "IsConverted is true",
		`the stage that counts as won is now "Closed - Won"`, `the status that counts as converted is now "Qualified"`} {
		if !strings.Contains(found[0].Rule+found[0].Words+found[1].Rule+found[1].Words, want) {
			t.Errorf("the findings do not name %s: %+v", want, found)
		}
	}
	if err := e.rc.SaveRuleCheck(e.ctx, e.db); err != nil {
		t.Fatal(err)
	}
	kept, _ := e.db.RuleProblems(e.ctx)
	if len(kept) != 2 || !strings.Contains(kept[0], "can no longer fire") {
		t.Fatalf("kept %q", kept)
	}
	// The regular check asks with If-Modified-Since: the unchanged describe answers 304 and the findings stay.
	if again, err := e.rc.CheckRules(e.ctx); err != nil || len(again) != 2 {
		t.Fatalf("second check: %+v, %v", again, err)
	}
	if n := strings.Count(log.String(), "/describe 304"); n != 4 { // the save and this check, two objects each
		t.Fatalf("describe answered 304 %d times after the first check, want 4:\n%s", n, log.String())
	}

	for name, opt := range map[string]envOpt{
		"label rules, stock org":        func(_ *sfemuOptions, r *rulesT) { r.Events = config.LabelEvents() },
		"default rules, renamed values": func(o *sfemuOptions, _ *rulesT) { o.WonStage, o.ConvertedStatus = "Closed - Won", "Qualified" },
	} {
		ok := newEnv(t, opt) // every rule can fire
		if found, err := ok.rc.CheckRules(ok.ctx); err != nil || len(found) != 0 {
			t.Fatalf("%s: %+v, %v", name, found, err)
		}
	}
}

// The default rules name the meaning (Opportunity IsWon, Lead IsConverted):
// the referral is approved and qualified whatever the won stage and the
// converted status are called.
func TestMeaningRuleSurvivesARename(t *testing.T) {
	e := newEnv(t, func(o *sfemuOptions, r *rulesT) { o.WonStage, o.ConvertedStatus = "Closed - Won", "Qualified" })
	lead := e.referral(&store.Referral{FirstName: "Quin", LastName: "Qualified", Email: "quin@q.example"})
	id := e.insert("Lead", map[string]any{"LastName": "Qualified", "Company": "Q", "Referral_ID__c": lead.ID})
	e.sync()
	if _, err := e.emu.ConvertLead(id); err != nil {
		t.Fatal(err)
	}
	e.sync()
	if got := e.status(lead.ID); got != "qualified" {
		t.Fatalf("converted lead (status Qualified): referral %s, want qualified", got)
	}
	ref := e.referral(&store.Referral{FirstName: "Wendy", LastName: "Won", Email: "wendy@won.example"})
	e.insert("Opportunity", map[string]any{"StageName": "Closed - Won", "Referral_ID__c": ref.ID})
	e.sync()
	if got := e.status(ref.ID); got != "approved" {
		t.Fatalf("referral %s, want approved", got)
	}
	if found, _ := e.rc.CheckRules(e.ctx); len(found) != 0 {
		t.Fatalf("a meaning rule reported dead: %+v", found)
	}
}
