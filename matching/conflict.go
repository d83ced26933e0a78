package matching

import "strings"

// evidence is a set of identifying fields, for telling what agrees and what
// disagrees between an entry and a referral.
type evidence uint16

const (
	evName evidence = 1 << iota
	evEmail
	evPhone
	evCompany // the organisation's name
	evSite    // the site's name within the organisation
	evStreet
	evPostcode
	evWebsite
)

// orgEvidence are the fields that name an organisation rather than a person.
const orgEvidence = evCompany | evPhone | evWebsite

// identifying are the fields whose agreement makes another field's
// disagreement a conflict: names and places alone do not (a person who
// moved, a typo in a house number, is scored, not blocked).
const identifying = evEmail | evPhone | evCompany | evStreet | evWebsite

// conflicting are the fields whose disagreement is a conflict.
const conflicting = evName | evEmail | evPhone | evCompany | evSite | evStreet | evWebsite | evPostcode

// orgOnlyPenalty lowers the weight of a candidate that only shares an
// organisation's name, phone or website: one of its sites, which one
// unknown. Fitted: such candidates were rarely the right site.
const orgOnlyPenalty = -9.0

// orgOnly reports whether e and r are company records that agree on the
// organisation (name, phone, website) but on nothing that tells the site or
// the person: not the street, the full site name, an email or a name.
// Where neither record has a street address, postal code or phone and the
// names are the same, there is no site to tell (a list of organisation
// names): the name is the evidence.
func orgOnly(agree evidence, e, r *rec, sameName bool) bool {
	return e.company != "" && r.company != "" && agree&orgEvidence != 0 &&
		agree&(evSite|evStreet|evEmail|evName) == 0 && !(sameName && !hasSite(e) && !hasSite(r))
}

// hasSite reports whether a record says where its site is or how to call it.
func hasSite(r *rec) bool { return len(r.street) > 0 || r.postcode != "" || r.phone != "" }

// conflictPenalty lowers the weight of a candidate whose identifying fields
// disagree. Fitted: such candidates were right about as often as their
// other fields say (label noise between a site's names), so the conflict
// mostly holds the match back for a person rather than lowering the score.
const conflictPenalty = -1.0

// siteConflictPenalty lowers the weight of a candidate that is the entry's
// organisation at another site: its street or site name and its phone
// disagree, only the organisation's name (or website) agrees. A chain's
// other branch is rarely the one the entry is about.
const siteConflictPenalty = -9.0

// otherSite reports whether only the organisation agrees while something of
// the site (its address, its name, its phone) disagrees.
func otherSite(agree, differ evidence) bool {
	return agree&(evPhone|evStreet|evEmail|evName) == 0 && agree&(evCompany|evWebsite) != 0 &&
		differ&(evStreet|evSite|evPhone) != 0
}

// ReasonConflict is the reason code for a candidate that agrees on some
// identifying fields while another identifying field disagrees.
const ReasonConflict = "conflicting_evidence"

// exactOf tells which fields of a person or a site hold the same value on
// both sides (the name: both the given and the family name). A company name
// is left out: its parent and site words make two spellings one organisation.
func exactOf(em, ph, g, fam, st, web fieldCmp) (exact evidence) {
	same := func(f fieldCmp) bool { return f.field != "" && f.sim >= 1 }
	for _, f := range []struct {
		c  fieldCmp
		ev evidence
	}{{em, evEmail}, {ph, evPhone}, {st, evStreet}, {web, evWebsite}} {
		if same(f.c) {
			exact |= f.ev
		}
	}
	if same(g) && same(fam) {
		exact |= evName
	}
	return exact
}

// evidenceOf tells which identifying fields agree and which disagree.
func evidenceOf(em, ph, g, fam, co, st, pc, web fieldCmp) (agree, differ evidence) {
	mark := func(f fieldCmp, ev evidence, agreeAt float64) {
		switch {
		case f.field == "":
		case f.weight >= agreeAt:
			agree |= ev
		case f.weight < 0:
			differ |= ev
		}
	}
	mark(em, evEmail, 0.1)
	mark(ph, evPhone, wPhoneLocal)
	mark(st, evStreet, wStreetMost)
	if st.weight > 0 && st.weight <= wStreetSome && agree&orgEvidence != 0 {
		differ |= evStreet // an organisation's street sharing only a part (a number, "Ave") is another building
	}
	mark(web, evWebsite, 0.1)
	if strings.HasSuffix(st.reason, reasonOtherNumber) {
		agree, differ = agree&^evStreet, differ|evStreet
	}
	if pc.weight == wPostDiffer && agree&orgEvidence != 0 {
		differ |= evPostcode // an organisation's other postal code is another site
	}
	switch {
	case co.field == "":
	case co.near:
		agree |= evCompany // perhaps the same name mistyped: not the site's name for sure
	case co.same && co.chain && agree&(evPhone|evStreet) == 0:
		agree |= evCompany // a chain's name: which branch, only its street or phone tells
	case co.same:
		agree |= evCompany | evSite
	case co.weight == wCompanySite:
		agree |= evCompany
		if st.weight < wStreetMost {
			differ |= evSite // at the same street address two site names are one site named two ways
		}
	case co.weight == wCompanyDiff:
		differ |= evCompany
	case co.weight == wCompanyHolds:
		agree |= evCompany
	}
	if g.weight > 0 && fam.weight > 0 {
		agree |= evName
	}
	// another person's name counts against an organisation's fields, not
	// against an email: one mailbox with two spellings is one person
	if g.field != "" && fam.field != "" && (g.weight <= wGivenDiffer || fam.weight <= wFamilyDiffer) &&
		agree&orgEvidence != 0 && agree&evEmail == 0 {
		differ |= evName
	}
	return agree, differ
}

// agreeWords and differWords name fields in a conflict's words.
var (
	agreeWords = []struct {
		ev   evidence
		word string
	}{{evName, "name"}, {evEmail, "email"}, {evCompany, "organisation"}, {evWebsite, "website"},
		{evPhone, "phone"}, {evStreet, "street address"}}
	differWords = []struct {
		ev   evidence
		word string
	}{{evName, "another person's name"}, {evEmail, "another email mailbox"}, {evCompany, "another company name"},
		{evSite, "another site name"}, {evWebsite, "another website"}, {evPhone, "another phone number"},
		{evStreet, "another street address"}, {evPostcode, "another postal code"}}
)

// conflictWords says in words what agrees, what disagrees and what that
// probably means: "same organisation and phone, but another street
// address: probably another site".
func conflictWords(agree, differ evidence) string {
	var same, other []string
	for _, w := range agreeWords {
		if agree&w.ev != 0 {
			same = append(same, w.word)
		}
	}
	for _, w := range differWords {
		if differ&w.ev != 0 {
			other = append(other, w.word)
		}
	}
	s := "identifying fields disagree: " + joinAnd(other)
	if len(same) > 0 {
		s = "same " + joinAnd(same) + ", but " + joinAnd(other)
	}
	return s + ": " + conflictMeaning(agree, differ)
}

// conflictMeaning is the likeliest reading of a conflict.
func conflictMeaning(agree, differ evidence) string {
	org := agree&(evCompany|evPhone|evWebsite) != 0
	switch {
	case differ&(evSite|evStreet|evPostcode) != 0 && org:
		return "probably another site"
	case differ&evCompany != 0 && agree&(evStreet|evPhone) != 0:
		return "probably another business at the same address or switchboard"
	case differ&evEmail != 0 && agree&evName != 0:
		return "perhaps the same person's other address: check before applying"
	case differ&(evName|evEmail) != 0 && agree&orgEvidence != 0:
		return "probably a colleague at the same organisation"
	case differ&evPhone != 0 && org:
		return "probably another site or department"
	case differ&(evStreet|evPostcode) != 0:
		return "perhaps moved, or another person with this name"
	}
	return "perhaps another person or organisation: check before applying"
}

// joinAnd joins words as "a, b and c".
func joinAnd(ws []string) string {
	if len(ws) <= 1 {
		return strings.Join(ws, "")
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " and " + ws[len(ws)-1]
}
