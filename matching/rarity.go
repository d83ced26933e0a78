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
	// popFactor is how many people the entries may be about for each
	// referral: with a quarter never referred that is 1.33; 3 leaves room for
	// a CRM with far more unreferred people (a re-split with three quarters
	// unreferred and names alone still met 0.995 with it).
	popFactor = 3.0
	// rareExpected is the most expected namesakes for which the name itself
	// counts as evidence; the bonus grows by one bit each time it halves.
	rareExpected = 0.5
	// maxRarity caps the bonus in bits.
	maxRarity = 5.0
	// looseShare multiplies a name's share when it agrees only by a typo or
	// a short form: many more people have a name close to it than have it.
	looseShare = 4.0
)

// namesakes is the chance estimate behind a name_rarity field.
type namesakes struct {
	given, family, city int     // referrals sharing r's given name, family name, city (0: not used)
	expected            float64 // people other than r expected to agree this well by chance
}

// expectedNamesakes estimates how many people other than r would agree with
// r's given name, family name and (when cityToo) city by chance.
func (ix *Index) expectedNamesakes(r *rec, givenExact, familyExact, cityToo bool) namesakes {
	n := len(ix.byID)
	count := func(k keyKind, v string) int { return max(1, ix.post.count(hashKey(k, v))) }
	ns := namesakes{given: count(kToken, firstToken(r.first)), family: count(kToken, lastToken(r.last))}
	if n == 0 {
		ns.expected = math.Inf(1)
		return ns
	}
	e := popFactor * float64(ns.given) * float64(ns.family) / float64(n)
	if !givenExact {
		e *= looseShare
	}
	if !familyExact {
		e *= looseShare
	}
	if cityToo {
		ns.city = count(kCity, r.city)
		e *= float64(ns.city) / float64(n)
	}
	ns.expected = e
	return ns
}

// cmpRarity credits a candidate agreeing only on names and places whose full
// name (and city) few referrals share: such a name is itself evidence. It
// applies only when both names agree beyond an initial and neither the email
// nor the city contradicts. The reason is written only when explain is set.
func (ix *Index) cmpRarity(e, r *rec, g, fam, order, em, city fieldCmp, explain bool) fieldCmp {
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
	if (ef != rf || el != rl) && city.weight <= 0 {
		return fieldCmp{} // a name spelt another way, and nothing else agreeing, is not evidence
	}
	ns := ix.expectedNamesakes(r, ef == rf, el == rl, city.weight > 0)
	if ns.expected > rareExpected {
		return fieldCmp{}
	}
	f := fieldCmp{field: "name_rarity", sim: 1, weight: min(maxRarity, math.Log2(rareExpected/ns.expected))}
	if explain {
		f.reason = fmt.Sprintf("rare name: of %d referrals, %d share the first name and %d the last name",
			len(ix.byID), ns.given, ns.family)
		if ns.city > 0 {
			f.reason += fmt.Sprintf(", %d the city", ns.city)
		}
		if ns.expected < 0.01 {
			f.reason += "; fewer than 0.01 namesakes expected by chance"
		} else {
			f.reason += fmt.Sprintf("; about %.2f namesakes expected by chance", ns.expected)
		}
	}
	return f
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
	return d <= 1 || d <= 2 && n >= 8 || lettersOff(a, b) == 0
}
