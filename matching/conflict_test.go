package matching

import (
	"strings"
	"testing"
)

// siteReferrals are organisations with several sites, a business sharing a
// building, and a person at a company.
var siteReferrals = []Referral{
	{ID: "r-logan", Company: "Christopher House - Logan Square", Street: "2507 N Greenview Ave", PostalCode: "60614",
		Phone: "(773) 472-1083", Website: "https://www.christopherhouse.org/logan"},
	{ID: "r-acme", FirstName: "Jane", LastName: "Doe", Email: "jane.doe@acme-tools.com", Company: "Acme Tools, Inc.",
		Phone: "+1 415 555 0100", Street: "100 Market Street", PostalCode: "94105"},
	{ID: "r-rocket", Company: "Hollis Holdings LLC dba Rocket Coffee", Street: "9 Pier Road", PostalCode: "02110", Phone: "617 555 0199"},
}

func siteIndex() *Index {
	ix := NewIndex()
	for _, r := range siteReferrals {
		ix.Add(r)
	}
	return ix
}

// TestConflictRules pins each conflict rule: the candidate goes to review
// with reason conflicting_evidence, and its conflict line names the conflict.
func TestConflictRules(t *testing.T) {
	ix := siteIndex()
	tests := []struct {
		name  string
		entry SalesEntry
		id    string
		words string
	}{
		{"same organisation and phone, another street: another site",
			SalesEntry{Company: "Christopher House Logan Square", Phone: "773-472-1083", Street: "4701 N Winthrop Ave"}, "r-logan",
			"same organisation and phone, but another street address: probably another site"},
		{"same street number on another street",
			SalesEntry{Company: "Christopher House - Logan Square", Phone: "7734721083", Street: "2507 W Belmont Ave", PostalCode: "60614"}, "r-logan",
			"same organisation and phone, but another street address: probably another site"},
		{"same organisation, another house number on the same street",
			SalesEntry{Company: "CHRISTOPHER HOUSE LOGAN SQUARE", Phone: "773 472 1083", Street: "2525 N Greenview Avenue", PostalCode: "60614"}, "r-logan",
			"same organisation and phone, but another street address: probably another site"},
		{"sibling site names under one parent",
			SalesEntry{Company: "Christopher House - Belmont", Phone: "773.472.1083"}, "r-logan",
			"same organisation and phone, but another site name: probably another site"},
		{"same organisation, another postal code",
			SalesEntry{Company: "Christopher House Logan Square", Phone: "773 472 1083", PostalCode: "60657"}, "r-logan",
			"same organisation and phone, but another postal code: probably another site"},
		{"same company and address, another person",
			SalesEntry{FirstName: "John", LastName: "Smith", Company: "ACME Tools", Phone: "415 555 0100", Street: "100 Market St"}, "r-acme",
			"same organisation, phone and street address, but another person's name: probably a colleague at the same organisation"},
		{"same person and company, another mailbox",
			SalesEntry{FirstName: "Jane", LastName: "Doe", Email: "jdoe77@mailbox.example", Company: "ACME Tools", Phone: "415 555 0100"}, "r-acme",
			"same name, organisation and phone, but another email mailbox: perhaps the same person's other address: check before applying"},
		{"same company and address, another phone",
			SalesEntry{FirstName: "Jane", LastName: "Doe", Company: "Acme Tools", Phone: "415 555 0777", Street: "100 Market Street"}, "r-acme",
			"same name, organisation and street address, but another phone number: probably another site or department"},
		{"same organisation, another website",
			SalesEntry{Company: "Christopher House - Logan Square", Street: "2507 N. Greenview", Website: "www.logansquarekids.org"}, "r-logan",
			"same organisation and street address, but another website: perhaps another person or organisation: check before applying"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ix.Match(tt.entry, DefaultThresholds())
			if d.Outcome != OutcomeReview || d.Reason != ReasonConflict {
				t.Fatalf("got %q %q (score %.3f), want review %q; candidates %+v", d.Outcome, d.Reason, d.Score, ReasonConflict, d.Candidates)
			}
			if d.Candidates[0].ReferralID != tt.id {
				t.Fatalf("first candidate %q, want %q", d.Candidates[0].ReferralID, tt.id)
			}
			if got := fieldReason(d.Candidates[0], "conflict"); got != tt.words {
				t.Errorf("conflict words\n got %q\nwant %q", got, tt.words)
			}
		})
	}
}

// TestOrganisationNames pins what is not a conflict: legal forms,
// punctuation, abbreviations, a parent name added, a trading name.
func TestOrganisationNames(t *testing.T) {
	ix := siteIndex()
	tests := []struct {
		name    string
		entry   SalesEntry
		outcome Outcome
		reason  string
		id      string
	}{
		{"parent name and punctuation, same building", SalesEntry{Company: "CHRISTOPHER HOUSE: LOGAN SQ.", Street: "2507 North Greenview",
			PostalCode: "60614", Phone: "7734721083"}, OutcomeAuto, "", "r-logan"},
		{"two names for one site: same parent, same street address and phone", SalesEntry{Company: "Christopher House - Logan Square Early Learning",
			Street: "2507 N Greenview Ave", Phone: "7734721083"}, OutcomeAuto, "", "r-logan"},
		{"trading name after dba", SalesEntry{Company: "Rocket Coffee", Street: "9 Pier Rd", PostalCode: "02110"}, OutcomeAuto, "", "r-rocket"},
		{"legal form and a person", SalesEntry{FirstName: "Jane", LastName: "Doe", Company: "ACME TOOLS LLC", Phone: "415.555.0100"},
			OutcomeAuto, "", "r-acme"},
		{"organisation and phone only: which site is unknown", SalesEntry{Company: "Christopher House", Phone: "773 472 1083"},
			OutcomeReview, ReasonLowConfidence, "r-logan"},
		{"shared website is the organisation, not the site", SalesEntry{Company: "Christopher House", Website: "christopherhouse.org"},
			OutcomeReview, ReasonLowConfidence, "r-logan"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ix.Match(tt.entry, DefaultThresholds())
			if d.Outcome != tt.outcome || d.Reason != tt.reason {
				t.Fatalf("got %q %q (score %.3f), want %q %q; candidates %+v", d.Outcome, d.Reason, d.Score, tt.outcome, tt.reason, d.Candidates)
			}
			if len(d.Candidates) == 0 || d.Candidates[0].ReferralID != tt.id {
				t.Fatalf("candidates %+v, want %q first", d.Candidates, tt.id)
			}
			if tt.reason == ReasonLowConfidence && !strings.Contains(fieldReason(d.Candidates[0], "site"), "which site") {
				t.Errorf("site line %q should say the site is unknown", fieldReason(d.Candidates[0], "site"))
			}
		})
	}
}

// TestTwoReferralsForOneBuilding: when two referrals are the entry's
// organisation at its street address, a shared phone does not choose
// between them.
func TestTwoReferralsForOneBuilding(t *testing.T) {
	ix := NewIndex()
	ix.Add(Referral{ID: "r-new", Company: "El Faro - New Loomis", Street: "1710-1718 S Loomis", Phone: "312 555 0662"})
	ix.Add(Referral{ID: "r-old", Company: "El Faro - El Centro - Loomis", Street: "1718 S Loomis Blvd", Phone: "312 555 9796"})
	d := ix.Match(SalesEntry{Company: "El Faro Loomis", Street: "1718 S. Loomis", Phone: "3125550662"}, DefaultThresholds())
	if d.Outcome != OutcomeReview || d.Reason != ReasonAmbiguous || !hasCandidate(d, "r-old") {
		t.Fatalf("got %q %q %+v, want review ambiguous with both referrals", d.Outcome, d.Reason, d.Candidates)
	}
	if !strings.Contains(d.Candidates[0].Verdict, "same address") {
		t.Errorf("verdict %q should say another referral is at the same address", d.Candidates[0].Verdict)
	}
}

// TestSiblingsShareTheChance: two referrals of one organisation sharing the
// entry's switchboard, with no street to tell them apart, go to review and
// neither is shown as sure: the score is shared, so "99-100 %" stays right.
func TestSiblingsShareTheChance(t *testing.T) {
	ix := NewIndex()
	ix.Add(Referral{ID: "r-short", Company: "Marlowe", Phone: "312 555 1480", PostalCode: "60609"})
	ix.Add(Referral{ID: "r-long", Company: "Northgate Schools Marlowe, Edith", Phone: "312 555 1480", PostalCode: "60609"})
	d := ix.Match(SalesEntry{Company: "Marlowe", Phone: "3125551480"}, DefaultThresholds())
	if d.Outcome != OutcomeReview || !hasCandidate(d, "r-short") || !hasCandidate(d, "r-long") {
		t.Fatalf("got %q %+v, want review with both referrals", d.Outcome, d.Candidates)
	}
	for _, c := range d.Candidates[:2] {
		if c.Score >= 0.9 {
			t.Errorf("%s shown at %.3f although nothing tells it from its sibling", c.ReferralID, c.Score)
		}
	}
}

// TestNameFieldsHoldingCodes: a name field holding a code or a web address
// is not compared as a name; a web address there counts as the website.
func TestNameFieldsHoldingCodes(t *testing.T) {
	p := prepare("5701IT(Child", "Care Home IT), 5701PS", "", "", "Acme", "", "", "", "", "")
	if p.first != "" || p.last != "" {
		t.Errorf("codes kept as names: %q %q", p.first, p.last)
	}
	p = prepare("http://www.Acme-Tools.com/contact", "", "", "", "Acme", "", "", "", "", "")
	if p.first != "" || p.website != "acme-tools.com" {
		t.Errorf("web address in a name: first %q website %q", p.first, p.website)
	}
}

func fieldReason(c Candidate, field string) string {
	for _, f := range c.Fields {
		if f.Field == field {
			return f.Reason
		}
	}
	return ""
}

// TestPersonSharingAPhoneIsNoSibling: two referrals that share a phone (a
// switchboard, or one number given twice) are told apart by the person: the
// one whose email and name are the entry's is matched, even when the other
// is a near spelling of both (a mailbox a digit longer, the same last digits).
func TestPersonSharingAPhoneIsNoSibling(t *testing.T) {
	for _, other := range []Referral{
		{ID: "r-other", FirstName: "Ava", LastName: "Jones", Email: "ava.jones@umbrella.com", Company: "Umbrella", Phone: "212 555 9661", City: "New York"},
		{ID: "r-other", FirstName: "Robert", LastName: "White", Email: "robert.white3@umbrella.com", Company: "Umbrella", Phone: "512 555 9661", City: "Austin"},
		{ID: "r-other", FirstName: "Ava", LastName: "Rossi", Email: "ava.rossi@prestige.com", Company: "Prestige", Phone: "212 555 9661", City: "New York"},
	} {
		ix := NewIndex()
		ix.Add(Referral{ID: "r-person", FirstName: "Robert", LastName: "White", Email: "robert.white@umbrella.com", Company: "Umbrella", Phone: "212 555 9661", City: "New York"})
		ix.Add(other)
		d := ix.Match(SalesEntry{FirstName: "Robert", LastName: "White", Email: "robert.white@umbrella.com", Company: "Umbrella", Phone: "+12125559661", City: "New York"}, DefaultThresholds())
		if d.Outcome != OutcomeAuto || d.ReferralID != "r-person" {
			t.Errorf("beside %s %s <%s>: got %q %q %+v, want r-person applied", other.FirstName, other.LastName, other.Email, d.Outcome, d.ReferralID, d.Candidates)
		}
	}
}
