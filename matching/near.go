package matching

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
	found := false
	for i, x := range ta {
		if usedA[i] || len(x) < 3 || isNumber(x) || !ix.distinctive(x) {
			continue
		}
		for j, y := range tb {
			if usedB[j] || len(y) < 3 || isNumber(y) || !ix.distinctive(y) {
				continue
			}
			if d := editDistance(x, y); d <= 1 || d <= 2 && min(len(x), len(y)) >= 6 {
				usedA[i], usedB[j], found = true, true, true
				break
			}
		}
	}
	return found
}
