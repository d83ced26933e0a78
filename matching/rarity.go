package matching

import (
	"fmt"
	"math"
)

// Name rarity: when nothing but names and places agree, how likely is it that
// someone else with these names and this city turns up? The chance is
// estimated from the referral set itself, Fellegi–Sunter style: the share of
// referrals carrying the referral's given name, its family name and its city
// are the u-probabilities, and the people who could turn up are taken to be
// popFactor times as many as the referrals.
const (
	// popFactor is how many people the entries may be about for each referral.
	popFactor = 2.0
	// rareExpected is the most expected namesakes for which the name itself
	// counts as evidence; the bonus grows by one bit each time it halves.
	rareExpected = 0.5
	// maxRarity caps the bonus in bits.
	maxRarity = 5.0
	// looseShare multiplies a name's share when it agrees only by a typo or
	// a short form: many more people have a name close to it than have it.
	looseShare = 4.0
)

// expectedNamesakes estimates how many people other than r would agree with
// r's given name, family name and (when cityToo) city by chance.
func (ix *Index) expectedNamesakes(r *rec, givenExact, familyExact, cityToo bool) float64 {
	n := float64(len(ix.byID))
	if n == 0 {
		return math.Inf(1)
	}
	share := func(k keyKind, v string) float64 {
		return float64(max(1, ix.post.count(hashKey(k, v)))) / n
	}
	e := popFactor * n * share(kToken, firstToken(r.first)) * share(kToken, lastToken(r.last))
	if !givenExact {
		e *= looseShare
	}
	if !familyExact {
		e *= looseShare
	}
	if cityToo {
		e *= share(kCity, r.city)
	}
	return e
}

// cmpRarity credits a candidate agreeing only on names and places whose full
// name (and city) few referrals share: such a name is itself evidence. It
// applies only when both names agree beyond an initial and neither the email
// nor the city contradicts.
func (ix *Index) cmpRarity(e, r *rec, g, fam, order, em, city fieldCmp) fieldCmp {
	if g.weight <= wGivenInitial || fam.weight < wFamilyNear || em.weight < 0 || city.weight < 0 ||
		r.first == "" || r.last == "" {
		return fieldCmp{}
	}
	ef, el, rf, rl := e.first, e.last, r.first, r.last
	if order.field != "" { // given and family names swapped
		ef, el = e.last, e.first
	}
	if !nearSpelling(ef, rf, SameGivenName(firstToken(ef), firstToken(rf))) || !nearSpelling(el, rl, false) {
		return fieldCmp{}
	}
	exp := ix.expectedNamesakes(r, ef == rf, el == rl, city.weight > 0)
	if exp > rareExpected {
		return fieldCmp{}
	}
	w := min(maxRarity, math.Log2(rareExpected/exp))
	return fieldCmp{field: "name_rarity", sim: 1, weight: w,
		reason: fmt.Sprintf("few referrals share this name: about %.3f namesakes expected by chance", exp)}
}

// nearSpelling reports whether a name agrees closely enough to count as rare
// evidence: the same, a short form (when nick), or for longer names one edit
// or two swapped letters apart (two edits from eight letters). Short names a
// letter apart are often two names (Jake, Jade).
func nearSpelling(a, b string, nick bool) bool {
	if a == b || nick {
		return true
	}
	n := min(len(a), len(b))
	if n < 5 {
		return false
	}
	d := editDistance(a, b)
	return d <= 1 || d <= 2 && n >= 8 || sameLetters(a, b)
}
