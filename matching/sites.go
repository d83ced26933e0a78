package matching

import (
	"math"
	"strings"
)

// Organisations with several sites: "Christopher House - Logan Square" and
// "Christopher House - Belmont" share the parent name and differ in the
// site name. The words of two company names are matched (exactly, by a
// typo, or as an abbreviation: "ctr" for "center"); what is left over on
// each side tells the relation apart:
//   - nothing on either side: the same name, the words reordered or spaced;
//   - nothing on one side: one name holds the other (a parent or a legal
//     name added, "North Kenwood Day Care Center" in "Henry Booth House -
//     North Kenwood Day Care Center");
//   - both sides, after a shared first word: one organisation, two sites;
//   - both sides, some word shared elsewhere: related names;
//   - no word shared: two companies.

// companyRelation is how two company names relate.
type companyRelation int

const (
	coTwo companyRelation = iota // distinctive words disagree: two businesses
	coDifferent
	coShareWord
	coMixed
	coOtherSite
	coOutlet
	coContains
	coSame
)

// siteFiller are words too common in company names to tell a site apart.
var siteFiller = map[string]bool{"and": true, "of": true, "for": true, "at": true, "de": true, "del": true, "la": true, "el": true}

// relation is how two company names relate, and what their shared words weigh.
type relation struct {
	rel    companyRelation
	shared float64 // bits of the words both names hold
	outlet string  // the outlet word, for coOutlet
	near   bool    // some distinctive words agree only as near spellings (see nearWords)
	// siteOfOutlet is true for coOutlet when the second name (the
	// referral's) is the outlet and the first (the entry's) its site.
	siteOfOutlet bool
}

// relateCompanies compares two normalised company names word by word, each
// word weighed by its rarity; ea and eb are the records the names are from
// (their places and cities are no difference).
func (ix *Index) relateCompanies(a, b string, ea, eb *rec) relation {
	if sameButSpaces(a, b) {
		return relation{rel: coSame, shared: ix.nameBits(b)}
	}
	var wa, wb [32]string
	ta, tb := appendCompanyWords(wa[:0], a), appendCompanyWords(wb[:0], b)
	if len(ta) == 0 || len(tb) == 0 {
		return relation{}
	}
	var usedA, usedB [32]bool
	var r relation
	sharedDistinct := false
	for i, x := range ta {
		for j, y := range tb {
			if !usedB[j] && sameWord(x, y) {
				usedA[i], usedB[j] = true, true
				r.shared += ix.pairBits(x, y)
				sharedDistinct = sharedDistinct || ix.distinctive(y) && !droppable(y, eb, ea)
				break
			}
		}
	}
	ix.joinedWords(&r, &sharedDistinct, ta, tb, b, usedA[:], usedB[:])
	ix.joinedWords(&r, &sharedDistinct, tb, ta, a, usedB[:], usedA[:])
	r.rel, r.outlet, r.siteOfOutlet = ix.classify(ta, tb, usedA[:], usedB[:], sharedDistinct, ea, eb)
	if r.rel < coOutlet && r.outlet == "" {
		ix.nearRelation(&r, ta, tb, usedA, usedB, ea, eb)
	}
	return r
}

// sameButSpaces says whether a and b are equal once their spaces are left out.
func sameButSpaces(a, b string) bool {
	i, j := 0, 0
	for {
		for i < len(a) && a[i] == ' ' {
			i++
		}
		for j < len(b) && b[j] == ' ' {
			j++
		}
		if i == len(a) || j == len(b) {
			return i == len(a) && j == len(b)
		}
		if a[i] != b[j] {
			return false
		}
		i, j = i+1, j+1
	}
}

// joinedWords counts the words of ts (not used yet) that the other name
// writes as two (raw, whose words are other) as shared.
func (ix *Index) joinedWords(r *relation, sharedDistinct *bool, ts, other []string, raw string, used, usedOther []bool) {
	for i, x := range ts {
		if !used[i] && joinedIn(x, raw, other, usedOther) {
			used[i] = true
			r.shared += ix.wordBits(x)
			*sharedDistinct = *sharedDistinct || ix.distinctive(x)
		}
	}
}

// classify tells how two names relate from their words left over once the
// words both hold are marked used; outlet names the outlet words, if any,
// and siteOfOutlet tells a site (a) beside its outlet (b) from the reverse.
func (ix *Index) classify(ta, tb []string, usedA, usedB []bool, sharedDistinct bool, ea, eb *rec) (rel companyRelation, outlet string, siteOfOutlet bool) {
	la, da, oa, pa := ix.leftover(ta, usedA, ea, eb)
	lb, db, ob, pb := ix.leftover(tb, usedB, eb, ea)
	switch {
	case la == pa && lb == 0 || lb == pb && la == 0:
		la, lb = 0, 0 // a place added on one side only: "AKZO NOBEL N.V., ARNHEM"
	case la == pa && lb > pb:
		la = 0 // only a place left over here, more than a place there
	case lb == pb && la > pa:
		lb = 0
	}
	switch {
	case la == 0 && lb == 0:
		return coSame, "", false
	case !sharedDistinct && da && db:
		return coTwo, "", false // only words of a kind agree: Adolfo's Restaurant, Lomito Restaurant
	case !sharedDistinct:
		return coDifferent, "", false
	case la > 0 && lb > 0 && oa != "" && ob != "":
		return coTwo, oa + " and " + ob, false // two outlets of one site
	case la == 0 && ob != "" || lb == 0 && oa != "":
		return coOutlet, oa + ob, la == 0 // the site and its outlet
	case la == 0 || lb == 0:
		return coContains, "", false
	case usedA[0] && usedB[0]:
		return coOtherSite, "", false
	case da && db:
		return coMixed, "", false // distinctive words agree and others disagree: a site under two parents, or two businesses
	}
	return coShareWord, "", false
}

// leftover counts the words of one name not matched on the other side, and
// how many of them name a place (see droppable); distinct is true when one
// of the others tells a business apart, outlet names the outlet word when
// every one of them is a word of a kind and one is an outlet's.
func (ix *Index) leftover(ts []string, used []bool, own, other *rec) (n int, distinct bool, outlet string, places int) {
	kinds := true
	for i, t := range ts {
		if used[i] {
			continue
		}
		n++
		if droppable(t, own, other) {
			places++
			continue
		}
		distinct = distinct || ix.distinctive(t)
		kinds = kinds && genericWords[t]
		if outletWords[t] && outlet == "" {
			outlet = t
		}
	}
	if !kinds || n == places {
		outlet = ""
	}
	return n, distinct, outlet, places
}

// joinedIn reports whether x is two neighbouring words of the name raw
// written as one ("DePriest", "De Priest"; "Bunnyland", "Bunny Land"), and
// marks those words of ts used.
func joinedIn(x, raw string, ts []string, used []bool) bool {
	if len(x) < 6 {
		return false
	}
	prev := ""
	for w := range strings.FieldsSeq(raw) {
		if prev != "" && len(prev)+len(w) == len(x) && strings.HasPrefix(x, prev) && strings.HasSuffix(x, w) {
			for j, t := range ts {
				if !used[j] && (t == prev || t == w) {
					used[j] = true
				}
			}
			return true
		}
		prev = w
	}
	return false
}

// companyWords are the words of a normalised name that can tell companies
// apart (filler words left out), at most 32.
func companyWords(s string) []string { return appendCompanyWords(make([]string, 0, 8), s) }

// appendCompanyWords appends the company words of s to out (a caller's array,
// so that comparing two names allocates nothing).
func appendCompanyWords(out []string, s string) []string {
	n := len(out)
	for t := range strings.FieldsSeq(s) {
		if !siteFiller[t] && len(out)-n < 32 {
			out = append(out, t)
		}
	}
	return out
}

// sameWord reports whether two company words agree: equal, a typo apart
// (four letters or more), or one an abbreviation of the other ("ctr",
// "center"; "intl", "international").
func sameWord(x, y string) bool {
	if x == y {
		return true
	}
	if isNumber(x) || isNumber(y) {
		return false
	}
	n := min(len(x), len(y))
	if n >= 4 && (JaroWinkler(x, y) >= 0.9 || isTransposition(x, y)) || n >= 5 && editDistance(x, y) <= 1 {
		return true // a typo: "Lomito"/"Lomita", "Kanofi"/"Anofi"
	}
	return abbreviates(x, y) || abbreviates(y, x)
}

// abbreviates reports whether short (2+ letters, shorter than long) spells
// long's first letter and then some of its letters in order, and either
// the letters after the part both begin with are all consonants (an
// abbreviation drops vowels: "ctr", "intl", "dept"; "Luka" is no short form
// of "Lugekta") or a word of six letters or more lost one or two
// ("Matschappij", "Maatschhappij").
func abbreviates(short, long string) bool {
	if len(short) < 2 || len(short) >= len(long) || short[0] != long[0] {
		return false
	}
	p := 1
	for p < len(short) && short[p] == long[p] {
		p++
	}
	if strings.ContainsAny(short[p:], "aeiou") && (len(short) < 6 || len(long)-len(short) > 2) {
		return false
	}
	j := p
	for i := p; i < len(short); i++ {
		for j < len(long) && long[j] != short[i] {
			j++
		}
		if j == len(long) {
			return false
		}
		j++
	}
	return true
}

// cmpCompany compares company names, the trading name after "dba" too.
func (ix *Index) cmpCompany(e, r *rec) fieldCmp {
	if e.company == "" || r.company == "" {
		return fieldCmp{}
	}
	f := fieldCmp{field: "company", sim: JaroWinkler(e.company, r.company)}
	if e.company == r.company {
		f.weight, f.reason, f.same = ix.nameBits(r.company), "same company after removing legal forms", true
		return f
	}
	if e.acr != "" && e.acr == r.company || r.acr != "" && r.acr == e.company {
		f.weight, f.reason, f.same = wCompanyAcr, "one company name is the acronym of the other", true
		return f
	}
	rel := ix.relateCompanies(e.company, r.company, e, r)
	for _, p := range [][2]string{{e.dba, r.company}, {e.company, r.dba}, {e.dba, r.dba}} {
		if p[0] != "" && p[1] != "" {
			if x := ix.relateCompanies(p[0], p[1], e, r); x.rel > rel.rel {
				rel = x
			}
		}
	}
	switch {
	case rel.near && (rel.rel == coSame || rel.rel == coContains):
		f.weight, f.reason, f.hold, f.near = wCompanyNear, "company names a letter or two apart: perhaps one business mistyped, perhaps two", true, true
	case rel.rel == coSame:
		f.weight, f.same = math.Min(ix.nameBits(r.company), rel.shared), true
		f.reason = "same company: legal forms, case, punctuation, word order or a place added differ"
	case rel.rel == coContains:
		f.weight, f.reason = wCompanyHolds, "one company name contains the other (a parent or site name added)"
	case rel.rel == coOutlet && rel.siteOfOutlet:
		f.weight, f.reason, f.hold, f.apart, f.outlet = wCompanyHolds, "the referral names an outlet (\""+rel.outlet+"\") of the site this entry names: the site is more than what was referred", true, true, true
	case rel.rel == coOutlet:
		f.weight, f.reason, f.hold, f.outlet = wCompanyHolds, "one name is the other's with \""+rel.outlet+"\" added: an outlet inside the site, or the site itself", true, true
	case rel.rel == coOtherSite:
		f.weight, f.reason, f.hold = wCompanySite, "same parent organisation, another site name", true
	case rel.rel == coMixed:
		f.weight, f.reason, f.hold = wCompanyPart, "company names share a distinctive word, but other distinctive words disagree: one site under two names, or two businesses", true
		f.kind, f.mixed = rel.shared < kindBits, true
	case rel.rel == coShareWord:
		f.weight, f.reason = wCompanyPart, "company names share a distinctive word"
	case f.sim >= 0.92 && rel.rel == coShareWord && editDistance(e.company, r.company) <= 2:
		f.weight, f.reason, f.same = wCompanyNear, "company names differ by a typo", true
	case rel.rel == coTwo && rel.outlet != "":
		f.weight, f.reason, f.hold, f.apart, f.outlet = wCompanyDiff, "two outlets of one site ("+rel.outlet+"): two businesses", true, true, true
	case rel.rel == coTwo:
		f.weight, f.reason, f.hold, f.apart = wCompanyDiff, "two businesses: their distinctive words disagree, only common words agree", true, true
	case rel.shared > 0:
		f.weight, f.reason = wCompanyDiff, "different company: only common words agree"
	default:
		f.weight, f.reason = wCompanyDiff, "different company"
	}
	return f
}
