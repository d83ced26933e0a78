package matching

import "strings"

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
	coDifferent companyRelation = iota
	coShareWord
	coOtherSite
	coContains
	coSame
)

// siteFiller are words too common in company names to tell a site apart.
var siteFiller = map[string]bool{"and": true, "of": true, "for": true, "at": true, "de": true, "del": true, "la": true, "el": true}

// relateCompanies compares two normalised company names word by word.
func relateCompanies(a, b string) companyRelation {
	if strings.ReplaceAll(a, " ", "") == strings.ReplaceAll(b, " ", "") {
		return coSame
	}
	ta, tb := companyWords(a), companyWords(b)
	if len(ta) == 0 || len(tb) == 0 {
		return coDifferent
	}
	var usedA, usedB [32]bool
	shared := 0
	for i, x := range ta {
		for j, y := range tb {
			if !usedB[j] && sameWord(x, y) {
				usedA[i], usedB[j] = true, true
				if len(x) >= 3 {
					shared++
				}
				break
			}
		}
	}
	leftA, leftB := leftover(ta, usedA[:]), leftover(tb, usedB[:])
	switch {
	case leftA == 0 && leftB == 0:
		return coSame
	case shared == 0:
		return coDifferent
	case leftA == 0 || leftB == 0:
		return coContains
	case usedA[0] && usedB[0]:
		return coOtherSite
	}
	return coShareWord
}

// companyWords are the words of a normalised name that can tell companies
// apart (filler words left out), at most 32.
func companyWords(s string) []string {
	out := make([]string, 0, 8)
	for _, t := range strings.Fields(s) {
		if !siteFiller[t] && len(out) < 32 {
			out = append(out, t)
		}
	}
	return out
}

// leftover counts the words not matched on the other side.
func leftover(ts []string, used []bool) int {
	n := 0
	for i := range ts {
		if !used[i] {
			n++
		}
	}
	return n
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
	if min(len(x), len(y)) >= 4 && JaroWinkler(x, y) >= 0.9 {
		return true
	}
	return abbreviates(x, y) || abbreviates(y, x)
}

// abbreviates reports whether short (2+ letters, shorter than long) spells
// long's first letter and then some of its letters in order.
func abbreviates(short, long string) bool {
	if len(short) < 2 || len(short) >= len(long) || short[0] != long[0] {
		return false
	}
	j := 1
	for i := 1; i < len(short); i++ {
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
func cmpCompany(e, r *rec) fieldCmp {
	if e.company == "" || r.company == "" {
		return fieldCmp{}
	}
	f := fieldCmp{field: "company", sim: JaroWinkler(e.company, r.company)}
	if e.company == r.company {
		f.weight, f.reason = wCompanySame, "same company after removing legal forms"
		return f
	}
	if e.acr != "" && e.acr == r.company || r.acr != "" && r.acr == e.company {
		f.weight, f.reason = wCompanyAcr, "one company name is the acronym of the other"
		return f
	}
	rel := relateCompanies(e.company, r.company)
	for _, p := range [][2]string{{e.dba, r.company}, {e.company, r.dba}, {e.dba, r.dba}} {
		if p[0] != "" && p[1] != "" {
			rel = max(rel, relateCompanies(p[0], p[1]))
		}
	}
	switch {
	case rel == coSame:
		f.weight, f.reason = wCompanySame, "same company, words spaced, spelt or ordered differently"
	case rel == coContains:
		f.weight, f.reason = wCompanyHolds, "one company name contains the other (a parent or site name added)"
	case rel == coOtherSite:
		f.weight, f.reason = wCompanySite, "same parent organisation, another site name"
	case rel == coShareWord:
		f.weight, f.reason = wCompanyPart, "company names share a word"
	case f.sim >= 0.92:
		f.weight, f.reason = wCompanyNear, "company names differ by a typo"
	default:
		f.weight, f.reason = wCompanyDiff, "different company"
	}
	return f
}
