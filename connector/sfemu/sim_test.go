package sfemu_test

import (
	"context"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/refsync/refsync/connector/sfemu"
)

// simOrg returns an org populated from seed.
func simOrg(t *testing.T, seed int64, people int) *sfemu.Server {
	t.Helper()
	srv, err := sfemu.New(sfemu.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Populate(seed, sfemu.Generate(seed, people)); err != nil {
		t.Fatal(err)
	}
	return srv
}

// byID indexes an object's records by Id.
func byID(srv *sfemu.Server, object string) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, r := range srv.Records(object) {
		out[r["Id"].(string)] = r
	}
	return out
}

// count counts the records of object for which keep holds.
func count(srv *sfemu.Server, object string, keep func(map[string]any) bool) int {
	n := 0
	for _, r := range srv.Records(object) {
		if keep(r) {
			n++
		}
	}
	return n
}

func stageIs(s string) func(map[string]any) bool {
	return func(r map[string]any) bool { return r["StageName"] == s }
}

func TestSimulatorMovesTheOrgForward(t *testing.T) {
	srv := simOrg(t, 7, 300)
	codes := []string{"ALICE1", "BOB22"}
	beforeOpps := byID(srv, "Opportunity")
	won0 := count(srv, "Opportunity", stageIs("Closed Won"))
	lost0 := count(srv, "Opportunity", stageIs("Closed Lost"))
	conv0 := count(srv, "Lead", func(r map[string]any) bool { return r["IsConverted"] == true })
	leads0, opps0 := len(srv.Records("Lead")), len(beforeOpps)

	sim := sfemu.NewSimulator(srv, sfemu.SimOptions{Seed: 11, MemberCodes: codes})
	for range 60 {
		if err := sim.Step(); err != nil {
			t.Fatalf("step: %v", err)
		}
	}
	st := sim.Stats()
	for name, n := range map[string]int{"won": st.Won, "lost": st.Lost, "converted": st.Converted, "worked": st.Worked,
		"edits": st.Edits, "new leads": st.NewLeads, "new deals": st.NewDeals, "stage moves": st.StageMoves,
		"referral deal mass moves": st.DealMassMoves, "system touches": st.SystemTouches} {
		if n == 0 {
			t.Errorf("after 60 steps no %s: %+v", name, st)
		}
	}
	if got := count(srv, "Opportunity", stageIs("Closed Won")); got != won0+st.Won {
		t.Errorf("Closed Won opportunities = %d, want %d + %d", got, won0, st.Won)
	}
	if got := count(srv, "Opportunity", stageIs("Closed Lost")); got != lost0+st.Lost {
		t.Errorf("Closed Lost opportunities = %d, want %d + %d", got, lost0, st.Lost)
	}
	converted := count(srv, "Lead", func(r map[string]any) bool { return r["IsConverted"] == true && r["Status"] == "Closed - Converted" })
	if converted != conv0+st.Converted {
		t.Errorf("converted leads = %d, want %d + %d", converted, conv0, st.Converted)
	}
	if got := len(srv.Records("Lead")); got != leads0+st.NewLeads {
		t.Errorf("leads = %d, want %d + %d new", got, leads0, st.NewLeads)
	}
	if got := len(srv.Records("Opportunity")); got != opps0+st.Converted+st.NewDeals {
		t.Errorf("opportunities = %d, want %d + %d from conversions + %d new deals", got, opps0, st.Converted, st.NewDeals)
	}
	if n := count(srv, "Lead", func(r map[string]any) bool { c, _ := r["Member_Code__c"].(string); return slices.Contains(codes, c) }); n == 0 {
		t.Error("no new lead carries one of the member codes")
	}
	if srv.APICalls() != 0 {
		t.Errorf("the simulator spent %d API calls, want none", srv.APICalls())
	}
	assertNoDealMovedBack(t, beforeOpps, byID(srv, "Opportunity"))
}

// assertNoDealMovedBack checks that stages only move on and closed deals stay closed.
func assertNoDealMovedBack(t *testing.T, before, after map[string]map[string]any) {
	t.Helper()
	order := []string{"Prospecting", "Qualification", "Needs Analysis", "Value Proposition", "Id. Decision Makers",
		"Perception Analysis", "Proposal/Price Quote", "Negotiation/Review", "Closed"}
	rank := func(stage string) int {
		if stage == "Closed Won" || stage == "Closed Lost" {
			return len(order) - 1
		}
		return slices.Index(order, stage)
	}
	for id, old := range before {
		was, now := old["StageName"].(string), after[id]["StageName"].(string)
		if rank(now) < rank(was) || (rank(was) == len(order)-1 && now != was) {
			t.Errorf("opportunity %s went from %q to %q", id, was, now)
		}
	}
}

func TestSimulatorIsDeterministic(t *testing.T) {
	run := func(simSeed int64) map[string]map[string]any {
		srv := simOrg(t, 3, 150)
		sim := sfemu.NewSimulator(srv, sfemu.SimOptions{Seed: simSeed, Actions: 5})
		for range 25 {
			if err := sim.Step(); err != nil {
				t.Fatal(err)
			}
		}
		out := map[string]map[string]any{}
		for _, object := range []string{"Lead", "Contact", "Opportunity"} {
			for id, r := range byID(srv, object) {
				for _, f := range []string{"CreatedDate", "LastModifiedDate", "SystemModstamp"} {
					delete(r, f) // the wall clock, not the simulator
				}
				out[id] = r
			}
		}
		return out
	}
	a, b, c := run(5), run(5), run(6)
	equal := func(x, y map[string]map[string]any) bool {
		return maps.EqualFunc(x, y, func(p, q map[string]any) bool {
			return maps.EqualFunc(p, q, func(u, v any) bool { return u == v })
		})
	}
	if !equal(a, b) {
		t.Error("the same seed on the same org made different changes")
	}
	if equal(a, c) {
		t.Error("another seed made exactly the same changes")
	}
}

func TestSimulatorRunStopsWithContext(t *testing.T) {
	srv := simOrg(t, 9, 40)
	sim := sfemu.NewSimulator(srv, sfemu.SimOptions{Seed: 1, Every: time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { sim.Run(ctx); close(done) }()
	for sim.Stats().Steps < 3 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	<-done
	steps := sim.Stats().Steps
	time.Sleep(5 * time.Millisecond)
	if sim.Stats().Steps != steps {
		t.Error("the simulator kept stepping after its context was cancelled")
	}
}

// BenchmarkSimulatorStep measures one step (6 changes) on a demo-sized org.
func BenchmarkSimulatorStep(b *testing.B) {
	srv, err := sfemu.New(sfemu.Options{})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := srv.Populate(1, sfemu.Generate(1, 3000)); err != nil {
		b.Fatal(err)
	}
	sim := sfemu.NewSimulator(srv, sfemu.SimOptions{Seed: 1})
	for b.Loop() {
		if err := sim.Step(); err != nil {
			b.Fatal(err)
		}
	}
}
