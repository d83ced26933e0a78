package connector

import (
	"context"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/salesforce"
	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// TestMatchMadeAheadOfAnIndexChangeIsNotUsed: a page's fuzzy matches begin
// while the page before is still written; when that page then changes the
// matcher's index (here: the referral's email changes, so the converted Lead
// no longer names it), the match made before is not used — the entry is
// matched against the index as it is now.
func TestMatchMadeAheadOfAnIndexChangeIsNotUsed(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("matches are made ahead only with a second processor")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "ahead.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	jane := matching.Referral{ID: "ref_aheadjane", FirstName: "Jane", LastName: "Doe", Email: "jane.doe@example.com",
		Phone: "+1 555 0100", Company: "Doe Plumbing", City: "Springfield"}
	if err := db.CreateReferralRx(ctx, store.DefaultProgram, jane, "", "test"); err != nil {
		t.Fatal(err)
	}
	r, err := New(Options{Sink: db, Settings: db, Rules: config.DefaultRules()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.index(ctx, DefaultProgram); err != nil {
		t.Fatal(err)
	}
	set, err := r.ruleSet(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p := newPlan("Lead", set.progs[0].rules)
	pg := p.entriesOf([]salesforce.Record{{"Id": "00Q000000000001AAA", "SystemModstamp": "2026-12-07T10:00:00.000+0000",
		"IsConverted": true, "FirstName": "Jane", "LastName": "Doe", "Email": "jane.doe@example.com", "Phone": "+1 555 0100",
		"Company": "Doe Plumbing", "City": "Springfield"}})
	e := pg.entries[0]

	ahead := r.lookAhead(ctx, set, p, pg)[DefaultProgram]
	g := ahead.guessOf(e)
	if g == nil {
		t.Fatal("no match was begun ahead for the converted Lead")
	}
	<-g.ready
	if g.d.ReferralID != jane.ID {
		t.Fatalf("the match made ahead found %q, want %s", g.d.ReferralID, jane.ID)
	}

	moved := jane
	moved.FirstName, moved.LastName, moved.Email, moved.Phone = "Jim", "Roe", "jim.roe@example.org", "+1 555 0199"
	r.ReferralChanged(moved) // as the page before would, after mapping fields onto the referral

	ps := &pass{r: r, program: DefaultProgram, rules: set.progs[0].rules, ix: r.prog(DefaultProgram).ix, ahead: ahead}
	se, ok := ahead.salesEntry(e)
	if !ok {
		t.Fatal("the Lead's fields were not read ahead")
	}
	if d, used := ahead.take(e, se); used {
		t.Fatalf("the match made before the index changed was used: %+v", d)
	}
	d := ps.match(e, se, true)
	if d.Outcome == matching.OutcomeAuto && d.ReferralID == jane.ID {
		t.Errorf("the Lead still matches %s automatically after the referral became Jim Roe: %+v", jane.ID, d)
	}
}
