package matching

// Two rules of business names beside sites.go: a site whose outlets are
// referred one by one, and names a letter apart.

// Outlets referred one by one: when a program holds a hotel and its bar, or
// a hotel's restaurant and its spa, as referrals of their own, the program
// tells the site and its outlets apart, and so does its data: an entry
// naming the site, or another of its outlets, is none of them.

// outletsReason explains a candidate held out by outletsApart.
const outletsReason = "the site and its outlets are referred one by one (two or more of them relate to this entry through an outlet word): this one is another business of the site, not a candidate"

// outletsApart holds out the candidates related to the entry only as a site
// and its outlet when two or more candidates relate to it through an outlet
// word (the site and an outlet, or two outlets): each of them is its own
// business, so the entry is none of those it is not named as. A candidate
// sharing an email or a person's name with the entry is kept.
func outletsApart(cmps []comparison) {
	n := 0
	for i := range cmps {
		if cmps[i].outlet {
			n++
		}
	}
	if n < 2 {
		return
	}
	for i := range cmps {
		c := &cmps[i]
		if c.outlet && c.bits > apartBits && c.agree&(evEmail|evName) == 0 {
			c.blocked += apartBits - c.bits
			c.bits, c.outletSet = apartBits, true
		}
	}
}

// outletsField explains outletsApart's hold on a comparison whose weight
// before it was bits.
func outletsField(bits float64) fieldCmp {
	return fieldCmp{field: "held", weight: apartBits - bits, reason: outletsReason}
}

// Names a letter apart: "Fifo Consulting" and "Fido Consulting" at one
// street address and phone. sameWord keeps short words a letter apart
// apart, since two businesses may be named so; beside the same street
// address or phone they are more likely one business mistyped. Such a pair
// is a candidate for a person, never applied automatically, and without a
// street address, phone, email or website agreeing it is none (see
// notCandidate).

// nearRelation tries again names that came out as two businesses or
// related ones, with their unmatched distinctive words allowed to agree as
// near spellings (see nearWords): when that makes them the same name, one
// holding the other, or a site and its outlets, r takes that relation,
// marked near. usedA and usedB are copies: the first reading stays as it was.
func (ix *Index) nearRelation(r *relation, ta, tb []string, usedA, usedB [32]bool, ea, eb *rec) {
	if !ix.nearWords(ta, tb, usedA[:], usedB[:]) {
		return
	}
	rel, outlet, site := ix.classify(ta, tb, usedA[:], usedB[:], true, ea, eb)
	if rel >= coOutlet || outlet != "" {
		r.rel, r.outlet, r.siteOfOutlet, r.near = rel, outlet, site, true
	}
}

// nearWords marks used the unmatched distinctive words of two names that are
// near spellings of each other ("Fifo", "Fido"; "Nee", "Nene"; "Ota",
// "Cota"): one edit apart, two from six letters. It reports whether it
// marked any.
func (ix *Index) nearWords(ta, tb []string, usedA, usedB []bool) bool {
	var open uint32 // the words of tb that may still agree as a near spelling
	for j, y := range tb {
		if !usedB[j] && len(y) >= 3 && !isNumber(y) && ix.distinctive(y) {
			open |= 1 << j
		}
	}
	found := false
	for i, x := range ta {
		if open == 0 {
			break
		}
		if usedA[i] || len(x) < 3 || isNumber(x) || !ix.distinctive(x) {
			continue
		}
		for j, y := range tb {
			if open&(1<<j) == 0 || len(x)-len(y) > 2 || len(y)-len(x) > 2 {
				continue
			}
			if d := editDistance(x, y); d <= 1 || d <= 2 && min(len(x), len(y)) >= 6 {
				usedA[i], usedB[j], found = true, true, true
				open &^= 1 << j
				break
			}
		}
	}
	return found
}
