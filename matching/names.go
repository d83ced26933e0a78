package matching

import "strings"

// cmpNames compares the names of e and r, straight and with given and family
// name swapped, and keeps the better reading. A name missing on either side is
// left out; a lone name is compared with both of the other side's names.
func (ix *Index) cmpNames(e, r *rec) (given, family, order fieldCmp) {
	g1, f1 := ix.cmpGiven(e.first, r.first), ix.cmpFamily(e.last, r.last)
	straight := g1.weight + f1.weight
	if g1.weight > 0 && f1.weight > 0 || (e.first == "" || r.last == "") && (e.last == "" || r.first == "") {
		return g1, f1, fieldCmp{}
	}
	g2, f2 := ix.cmpGiven(e.first, r.last), ix.cmpFamily(e.last, r.first)
	swapped := g2.weight + f2.weight + wSwapPenalty
	if swapped <= straight || (g2.weight <= 0 && f2.weight <= 0) {
		return g1, f1, fieldCmp{}
	}
	order = fieldCmp{field: "name_order", weight: wSwapPenalty, reason: "given and family names swapped"}
	if g2.field != "" {
		g2.reason += " (compared with the last name)"
	}
	if f2.field != "" {
		f2.reason += " (compared with the first name)"
	}
	return g2, f2, order
}

// cmpGiven compares given names: same, a short form (Bob/Robert), a typo, an initial.
func (ix *Index) cmpGiven(a, b string) fieldCmp {
	if a == "" || b == "" {
		return fieldCmp{}
	}
	f := fieldCmp{field: "first_name", sim: 1}
	if a != b {
		f.sim = JaroWinkler(a, b)
	}
	fa, fb := firstToken(a), firstToken(b)
	switch {
	case a == b:
		f.weight, f.reason = wGivenSame-ix.tfAdjust(kToken, fa, 0.5, 3), "same first name"
	case SameGivenName(fa, fb):
		f.weight, f.reason = wGivenNick, "first names are a name and its short form"
	case fa == fb:
		f.weight, f.reason = wGivenTypo, "same first given name"
	case isTypo(a, b, f.sim):
		f.weight, f.reason = wGivenTypo, "first names differ by a typo"
	case (len(fa) == 1 || len(fb) == 1) && fa[0] == fb[0]:
		f.weight, f.reason = wGivenInitial, "first name matches an initial"
	case f.sim >= 0.85 && min(len(a), len(b)) >= 5: // short names this close are often two names (Jane, Joan)
		f.weight, f.reason = wGivenNear, "first names are similar"
	default:
		f.weight, f.reason = wGivenDiffer, "different first name"
	}
	return f
}

// cmpFamily compares family names: same, one part of a double name, a typo.
func (ix *Index) cmpFamily(a, b string) fieldCmp {
	if a == "" || b == "" {
		return fieldCmp{}
	}
	f := fieldCmp{field: "last_name", sim: 1}
	if a != b {
		f.sim = JaroWinkler(a, b)
	}
	switch {
	case a == b:
		f.weight, f.reason = wFamilySame-ix.tfAdjust(kToken, lastToken(a), 0.5, 3), "same last name"
	case isTypo(a, b, f.sim):
		f.weight, f.reason = wFamilyTypo, "last names differ by a typo"
	case sharesToken(a, b):
		f.weight, f.reason = wFamilyPart, "last names share a part"
	case f.sim >= 0.85:
		f.weight, f.reason = wFamilyNear, "last names are similar"
	case min(len(a), len(b)) >= 4 && a[0] == b[0] && Soundex(a) == Soundex(b):
		f.weight, f.reason = wFamilyNear, "last names sound alike"
	case len(a) == 1 || len(b) == 1:
		f.weight, f.reason = 0, "last name is only an initial"
		if a[0] != b[0] {
			f.weight, f.reason = wGivenDiffer, "last initial differs"
		}
	default:
		f.weight, f.reason = wFamilyDiffer, "different last name"
	}
	return f
}

// isTypo reports whether two different names are one spelling mistake apart:
// close by Jaro–Winkler, the same letters in another order, or one or two
// edits in a long name.
func isTypo(a, b string, jw float64) bool {
	if jw >= 0.9 {
		return true
	}
	if jw < 0.6 || min(len(a), len(b)) < 3 {
		return false
	}
	if off := lettersOff(a, b); off == 0 || off == 1 && min(len(a), len(b)) >= 5 {
		return true // the same letters in another order, perhaps one more
	}
	d := editDistance(a, b)
	return d <= 1 || (d <= 2 && min(len(a), len(b)) >= 6)
}

func firstToken(s string) string {
	if i := strings.IndexByte(s, ' '); i > 0 {
		return s[:i]
	}
	return s
}

func lastToken(s string) string { return s[strings.LastIndexByte(s, ' ')+1:] }

// tokenIn reports whether street word x is in b, exactly or (for words of
// three letters or more) with a typo; house numbers must be exact.
func tokenIn(x string, b []string) bool {
	for _, y := range b {
		if x == y {
			return true
		}
	}
	if len(x) < 3 || isNumber(x) {
		return false
	}
	for _, y := range b {
		if !isNumber(y) && JaroWinkler(x, y) >= 0.88 {
			return true
		}
	}
	return false
}

// sameStreetWord reports whether the direction or street type sx (its short
// form; "" for another word) is among the short forms in canon.
func sameStreetWord(sx string, canon []string) bool {
	if sx == "" {
		return false
	}
	for _, y := range canon {
		if y == sx {
			return true
		}
	}
	return false
}

// streetWord spells a direction or street type one way ("avenue" → "ave"), "" for other words.
func streetWord(s string) string {
	if short, ok := streetWords[s]; ok {
		return short
	}
	if streetShort[s] {
		return s
	}
	return ""
}

func isNumber(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// sameSpelling reports whether two addresses written without spaces are at
// most one edit in ten apart with the same house numbers ("232 mcmaste r
// street", "232 mcmaster treet").
func sameSpelling(a, b string) bool {
	n := min(len(a), len(b))
	return n >= 10 && max(len(a), len(b))-n <= n/10 && letterSimilarity(a, b) >= 0.9 &&
		digitsOf(a) == digitsOf(b) && editDistance(a, b) <= n/10
}

// digitsOf keeps the digits of s.
func digitsOf(s string) string {
	out := make([]byte, 0, 8)
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			out = append(out, s[i])
		}
	}
	return string(out)
}

// lettersOff counts the letters one of a and b has and the other lacks,
// whatever their order: 0 for an anagram, 1 for an anagram plus one letter
// (2 stands for "more").
func lettersOff(a, b string) int {
	if len(a)-len(b) > 1 || len(b)-len(a) > 1 {
		return 2
	}
	var n [256]int16
	for i := 0; i < len(a); i++ {
		n[a[i]]++
	}
	for i := 0; i < len(b); i++ {
		n[b[i]]--
	}
	off := 0
	for i := 0; i < len(a); i++ {
		off += int(max(n[a[i]], 0))
		n[a[i]] = 0
	}
	for i := 0; i < len(b); i++ {
		off += int(max(-n[b[i]], 0))
		n[b[i]] = 0
	}
	return min(off, 2)
}
