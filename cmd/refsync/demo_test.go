package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/refsync/refsync/connector/sfemu"
	"github.com/refsync/refsync/store"
)

// demoOrg returns an emulated org (not listening) with people placed in it.
func demoOrg(t *testing.T, seed int64, n int) (*sfemu.Server, []sfemu.Person) {
	t.Helper()
	srv, err := sfemu.New(sfemu.Options{})
	if err != nil {
		t.Fatal(err)
	}
	people := sfemu.Generate(seed, n)
	if _, err := srv.Populate(seed, people); err != nil {
		t.Fatal(err)
	}
	return srv, people
}

func TestPlanDemoMix(t *testing.T) {
	for _, seed := range []int64{1, 2, 99} {
		_, people := demoOrg(t, seed, 800)
		members := demoMembers(seed, 40)
		plan := planDemo(seed, people, members)
		kinds := map[string]int{}
		emails := map[string]bool{}
		referred := map[int]bool{}
		for _, r := range plan.Referrals {
			p := people[r.Person]
			kinds[r.Kind]++
			referred[r.Person] = true
			inCRM := p.LeadID != "" || p.ContactID != ""
			if want := map[string]bool{demoDirect: p.TaggedReferralID, demoFuzzy: inCRM && !p.TaggedReferralID, demoNone: !inCRM}; !want[r.Kind] {
				t.Errorf("seed %d: person %d (in CRM %t, tagged %t) planned as %s", seed, r.Person, inCRM, p.TaggedReferralID, r.Kind)
			}
			if r.Ref.ExternalID != p.ReferralID || r.Ref.LastName != p.LastName || r.Ref.MemberCode == "" {
				t.Errorf("seed %d: referral %+v is not person %+v or has no member", seed, r.Ref, p)
			}
			if e := store.NormEmail(r.Ref.Email); emails[e] {
				t.Errorf("seed %d: two referrals with email %s", seed, e)
			}
			emails[store.NormEmail(r.Ref.Email)] = true
		}
		n := len(people)
		for kind, rng := range map[string][2]int{demoDirect: {n / 25, n / 6}, demoFuzzy: {n / 3, n * 3 / 4}, demoNone: {n / 25, n / 6}} {
			if kinds[kind] < rng[0] || kinds[kind] > rng[1] {
				t.Errorf("seed %d: %d %s referrals of %d people, want %d..%d", seed, kinds[kind], kind, n, rng[0], rng[1])
			}
		}
		if plan.Unreferred < n/10 {
			t.Errorf("seed %d: only %d people in Salesforce nobody referred", seed, plan.Unreferred)
		}
		assertMemberCodeLeads(t, plan, people, members, referred)
	}
}

// assertMemberCodeLeads checks that member codes go on Leads of people nobody referred, and name real members.
func assertMemberCodeLeads(t *testing.T, plan demoPlan, people []sfemu.Person, members []*store.Member, referred map[int]bool) {
	t.Helper()
	codes := map[string]bool{}
	for _, m := range members {
		codes[m.ReferralCode] = true
	}
	leadOwner := map[string]int{}
	for i, p := range people {
		leadOwner[p.LeadID] = i
	}
	if len(plan.MemberCodes) < len(people)/40 {
		t.Errorf("only %d leads carry a member code", len(plan.MemberCodes))
	}
	for lead, code := range plan.MemberCodes {
		if !codes[code] {
			t.Errorf("lead %s carries %q, no member's code", lead, code)
		}
		if i, ok := leadOwner[lead]; !ok || referred[i] {
			t.Errorf("lead %s with a member code belongs to a referred person or nobody", lead)
		}
	}
}

func TestDemoMembersHaveDistinctCodesAndEmails(t *testing.T) {
	ms := demoMembers(5, 200)
	codes, emails := map[string]bool{}, map[string]bool{}
	for _, m := range ms {
		if m.ReferralCode == "" || codes[m.ReferralCode] || emails[m.Email] {
			t.Fatalf("member %+v repeats a code or email", m)
		}
		codes[m.ReferralCode], emails[m.Email] = true, true
	}
	if len(ms) < 150 {
		t.Errorf("%d members of 200 asked for", len(ms))
	}
}

func TestSeedDemoRelatesOrgAndProgram(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	srv, err := sfemu.New(sfemu.Options{})
	if err != nil {
		t.Fatal(err)
	}
	people := sfemu.Generate(4, 500)
	sum, err := seedDemo(ctx, db, srv, 4, people, 30)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Direct == 0 || sum.Fuzzy == 0 || sum.None == 0 || sum.MemberCodeLeads == 0 || sum.DeniedReferrals == 0 {
		t.Fatalf("summary lacks a kind: %+v", sum)
	}
	tagged := 0
	for _, object := range []string{"Lead", "Contact", "Opportunity"} {
		for _, rec := range srv.Records(object) {
			tag, _ := rec["Referral_ID__c"].(string)
			if tag == "" || strings.HasPrefix(tag, "R-") {
				continue
			}
			ref, err := db.ReferralByID(ctx, tag)
			if err != nil {
				t.Fatalf("%s %s carries %s, no referral: %v", object, rec["Id"], tag, err)
			}
			if !strings.HasPrefix(ref.ExternalID, "R-") {
				t.Errorf("referral %s has external id %q", ref.ID, ref.ExternalID)
			}
			tagged++
		}
	}
	if tagged != sum.TaggedRecords || tagged < sum.Direct {
		t.Errorf("%d records carry a referral id; summary says %d for %d direct referrals", tagged, sum.TaggedRecords, sum.Direct)
	}
	withCode := 0
	for _, rec := range srv.Records("Lead") {
		if code, _ := rec["Member_Code__c"].(string); code != "" {
			if _, err := db.MemberByCode(ctx, store.DefaultProgram, code); err == nil {
				withCode++
			}
		}
	}
	if withCode < sum.MemberCodeLeads {
		t.Errorf("%d leads carry a known member code, want at least %d", withCode, sum.MemberCodeLeads)
	}
	for _, object := range []string{"Lead", "Contact", "Opportunity"} {
		if _, backfill, err := db.Watermark(ctx, object); err != nil || backfill == "" {
			t.Errorf("%s: no first full read scheduled (%q, %v)", object, backfill, err)
		}
	}
}

func TestDemoCredentialsAndReset(t *testing.T) {
	dir := t.TempDir()
	if _, ok, err := loadDemoCreds(dir); ok || err != nil {
		t.Fatalf("empty folder: ok %t err %v", ok, err)
	}
	c := &demoCreds{Seed: 3, People: 10, AdminPassword: "secret-one", APIToken: "rsk_x"}
	if err := saveDemoCreds(dir, c); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, demoCredsFile))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("credentials file: %v mode %v, want 0600", err, fi.Mode())
	}
	got, ok, err := loadDemoCreds(dir)
	if !ok || err != nil || *got != *c {
		t.Fatalf("read back %+v ok %t err %v, want %+v", got, ok, err, c)
	}
	foreign := filepath.Join(dir, "notes.txt")
	for _, f := range []string{foreign, filepath.Join(dir, demoDBFile), filepath.Join(dir, demoOrgFile)} {
		if err := os.WriteFile(f, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := resetDemo(dir); err != nil {
		t.Fatal(err)
	}
	left, _ := os.ReadDir(dir)
	if len(left) != 1 || left[0].Name() != "notes.txt" {
		t.Errorf("after reset the folder holds %v, want only the user's notes.txt", left)
	}
}

func TestDemoDataDirDefaultsToTheCache(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("HOME", t.TempDir())
	got, err := demoDataDir("")
	if err != nil || got != filepath.Join(cache, "refsync", "demo") {
		t.Errorf("default data dir %q (%v), want under %s", got, err, cache)
	}
	wd, _ := os.Getwd()
	if strings.HasPrefix(got, wd) {
		t.Errorf("default data dir %s is inside the working tree %s", got, wd)
	}
	if got, _ := demoDataDir("rel/dir"); !filepath.IsAbs(got) {
		t.Errorf("--data rel/dir gave %q, want an absolute path", got)
	}
}
