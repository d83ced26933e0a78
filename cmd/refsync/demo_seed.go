package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/sfemu"
	"github.com/refsync/refsync/store"
)

// How a demo referral relates to the generated org.
const (
	demoDirect = "direct" // a CRM record carries its referral id in Referral_ID__c
	demoFuzzy  = "fuzzy"  // the person has CRM records, findable only by name, email, phone, company
	demoNone   = "none"   // the person has no CRM record (yet)
)

// demoReferral is one planned referral and the person it is about.
type demoReferral struct {
	Ref    *store.Referral
	Kind   string
	Person int // index into the people
}

// demoPlan is the referral program built from the generated people.
type demoPlan struct {
	Members   []*store.Member
	Referrals []demoReferral
	// MemberCodes maps a Lead of a person nobody referred to the member code
	// written into its Member_Code__c (a member match when it converts).
	MemberCodes map[string]string
	Unreferred  int // people with CRM records but no referral
}

// demoMembers invents the program's members, each with its own referral code.
func demoMembers(seed int64, n int) []*store.Member {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x6d656d62))
	seen := map[string]bool{}
	var out []*store.Member
	for i, p := range sfemu.Generate(seed+1, n) {
		code := fmt.Sprintf("%s%02d", strings.ToUpper(asciiLetters(p.FirstName)), rng.IntN(100))
		email := fmt.Sprintf("%s.%s.%d@members.example", strings.ToLower(asciiLetters(p.FirstName)), strings.ToLower(asciiLetters(p.LastName)), i+1)
		if seen[code] {
			continue
		}
		seen[code] = true
		out = append(out, &store.Member{ReferralCode: code, FirstName: p.FirstName, LastName: p.LastName, Email: email,
			Phone: p.Phone, ExternalID: fmt.Sprintf("M-%04d", i+1)})
	}
	return out
}

func asciiLetters(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// planDemo decides, from people that Populate has placed in the org, who was
// referred (and by whom), which referrals are denied, and which Leads of
// people nobody referred carry a member's code. Deterministic in seed.
func planDemo(seed int64, people []sfemu.Person, members []*store.Member) demoPlan {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x706c616e))
	plan := demoPlan{Members: members, MemberCodes: map[string]string{}}
	emails := map[string]bool{}
	for i, p := range people {
		inCRM := p.LeadID != "" || p.ContactID != ""
		kind := demoNone
		switch {
		case p.TaggedReferralID:
			kind = demoDirect
		case inCRM && rng.IntN(100) < 70:
			kind = demoFuzzy
		case inCRM:
			plan.Unreferred++
			if p.LeadID != "" && rng.IntN(100) < 50 {
				plan.MemberCodes[p.LeadID] = members[rng.IntN(len(members))].ReferralCode
			}
			continue
		}
		if emails[store.NormEmail(p.Email)] { // one referral per email in a program
			continue
		}
		emails[store.NormEmail(p.Email)] = true
		plan.Referrals = append(plan.Referrals, demoReferral{Ref: demoReferralOf(rng, p, members), Kind: kind, Person: i})
	}
	return plan
}

// demoReferralOf is the referral a member entered for p: the true identity,
// sometimes without a phone or company, now and then already denied.
func demoReferralOf(rng *rand.Rand, p sfemu.Person, members []*store.Member) *store.Referral {
	r := &store.Referral{ExternalID: p.ReferralID, FirstName: p.FirstName, LastName: p.LastName, Email: p.Email,
		Phone: p.Phone, Company: p.Company, City: p.City, State: p.State, PostalCode: p.PostalCode,
		MemberCode: members[rng.IntN(len(members))].ReferralCode, Status: store.StatusPending}
	if rng.IntN(100) < 20 {
		r.Phone = ""
	}
	if rng.IntN(100) < 10 {
		r.Company = ""
	}
	if rng.IntN(100) < 5 {
		r.Status = store.StatusDenied
	}
	return r
}

// demoSummary counts what seedDemo made.
type demoSummary struct {
	Org                            sfemu.Populated
	Members, Direct, Fuzzy, None   int
	Unreferred, MemberCodeLeads    int
	TaggedRecords, DeniedReferrals int
}

// seedDemo fills an empty org and database: the org from people, the
// referral program from planDemo; records tagged with a person's ReferralID
// get the referral's own id instead, as a push would have written it. The
// first sync then reads the whole org (a backfill from before the seeding).
func seedDemo(ctx context.Context, db *store.DB, srv *sfemu.Server, seed int64, people []sfemu.Person, nMembers int) (demoSummary, error) {
	var sum demoSummary
	start := time.Now().Add(-time.Minute)
	var err error
	if sum.Org, err = srv.Populate(seed, people); err != nil {
		return sum, fmt.Errorf("demo: generate the org: %w", err)
	}
	plan := planDemo(seed, people, demoMembers(seed, nMembers))
	ids, err := importDemoProgram(ctx, db, plan, &sum)
	if err != nil {
		return sum, err
	}
	if sum.TaggedRecords, err = retagReferralIDs(srv, ids); err != nil {
		return sum, err
	}
	for lead, code := range plan.MemberCodes {
		if err := srv.Update("Lead", lead, map[string]any{"Member_Code__c": code}); err != nil {
			return sum, fmt.Errorf("demo: give a lead a member code: %w", err)
		}
	}
	sum.Unreferred, sum.MemberCodeLeads = plan.Unreferred, len(plan.MemberCodes)
	for _, object := range config.DefaultRules().Objects {
		if err := db.SetBackfill(ctx, object, start.UTC().Format("2006-01-02T15:04:05.000+0000")); err != nil {
			return sum, fmt.Errorf("demo: schedule the first full read of %s: %w", object, err)
		}
	}
	return sum, nil
}

// importDemoProgram stores the plan's members and referrals, counts them in
// sum and returns the referral id of each person's ReferralID.
func importDemoProgram(ctx context.Context, db *store.DB, plan demoPlan, sum *demoSummary) (map[string]string, error) {
	res, err := db.ImportMembers(ctx, plan.Members)
	if err != nil {
		return nil, fmt.Errorf("demo: add members: %w", err)
	}
	sum.Members = countCreated(res)
	refs := make([]*store.Referral, len(plan.Referrals))
	for i, r := range plan.Referrals {
		refs[i] = r.Ref
	}
	if res, err = db.ImportReferrals(ctx, refs, "demo", nil); err != nil {
		return nil, fmt.Errorf("demo: add referrals: %w", err)
	}
	ids := map[string]string{}
	for i, r := range res {
		if r.Err != nil || r.ID == "" {
			continue
		}
		ids[refs[i].ExternalID] = r.ID
		switch plan.Referrals[i].Kind {
		case demoDirect:
			sum.Direct++
		case demoFuzzy:
			sum.Fuzzy++
		default:
			sum.None++
		}
		if refs[i].Status == store.StatusDenied {
			sum.DeniedReferrals++
		}
	}
	return ids, nil
}

func countCreated(res []store.ImportResult) int {
	n := 0
	for _, r := range res {
		if r.Created {
			n++
		}
	}
	return n
}

// retagReferralIDs replaces a person's ReferralID in Referral_ID__c by the
// referral's id; a record whose person has no referral keeps the stale value.
func retagReferralIDs(srv *sfemu.Server, ids map[string]string) (int, error) {
	n := 0
	for _, object := range []string{"Lead", "Contact", "Opportunity"} {
		for _, rec := range srv.Records(object) {
			tag, _ := rec["Referral_ID__c"].(string)
			id, ok := ids[tag]
			if tag == "" || !ok {
				continue
			}
			if err := srv.Update(object, rec["Id"].(string), map[string]any{"Referral_ID__c": id}); err != nil {
				return n, fmt.Errorf("demo: write referral id on %s: %w", object, err)
			}
			n++
		}
	}
	return n, nil
}
