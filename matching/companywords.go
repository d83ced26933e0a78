package matching

import (
	"math"
	"strings"
)

// Company words count by how rare they are among the program's referrals
// (term frequency, Fellegi–Sunter style): "Lomito" in one referral's name
// says far more than "Restaurant" in sixty. Words of a business's kind
// (restaurant, group, consulting, hotel) count little however rare they
// are in one program, and two names whose distinctive words disagree are
// two businesses, whatever else they share.

// genericWords name a kind of business rather than one business.
var genericWords = wordSet(`restaurant restaurants bar bars grill cafe coffee pizza pizzeria kitchen bistro pub
	hotel hotels inn motel suites resort lodge group consulting consultants consultancy services service solutions
	partners associates holdings international enterprises industries systems technologies technology
	management center centre centers shop shops store stores market company companies studio studios design
	media capital bank church school schools academy care day child children childcare learning development
	family community health medical clinic dental law office offices agency foundation institute institution
	national american bakery deli lounge spa salon club gym fitness boutique gifts gift pharmacy museum
	network global trading home homes house new city mall plaza tower building head quarters headquarters
	europe europa nederland holland usa america`)

// outletWords say that a name with one more of them is an outlet inside the
// site: a hotel's restaurant, a museum's café, an arena's fitness centre.
var outletWords = wordSet(`restaurant cafe bar grill lounge bistro pub shop store boutique gift gifts spa gym
	fitness pool bakery deli kitchen steakhouse brasserie salon pharmacy bookstore bookshop diner tavern
	cafeteria eatery parking garage`)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

const (
	// maxWordBits caps what one rare word of a name weighs.
	maxWordBits = 8.0
	// genericBits is what a word of a business's kind weighs.
	genericBits = 0.5
	// distinctBits is the least a word weighs to tell a business apart:
	// fewer than one referral name in sixteen holds it.
	distinctBits = 4.0
	// maxNameBits caps what a whole agreeing name weighs.
	maxNameBits = 12.0
	// unseenNames is added to the referrals when a word's share is taken: a
	// program with few referrals has not yet seen how common its words are.
	unseenNames = 64
)

// wordBits is how much a company word agreeing says: log2 of the share of
// referral names holding it (a word in no referral counts as in one), among
// the referrals and unseenNames more.
func (ix *Index) wordBits(t string) float64 {
	if genericWords[t] || len(t) < 3 || isNumber(t) {
		return genericBits
	}
	n := max(1, ix.post.count(hashKey(kCompanyToken, t)))
	return math.Max(genericBits, math.Min(maxWordBits, math.Log2(float64(len(ix.byID)+unseenNames)/float64(n))))
}

// pairBits is what two agreeing words weigh: a word spelt two ways counts
// as the commoner spelling ("Velnka" held by one referral, "Velneka" by a
// chain of ten), since a typo makes a word look rarer than its business is.
func (ix *Index) pairBits(x, y string) float64 {
	if x == y {
		return ix.wordBits(y)
	}
	return min(ix.wordBits(x), ix.wordBits(y))
}

// distinctive reports whether word t tells one business from another.
func (ix *Index) distinctive(t string) bool { return ix.wordBits(t) >= distinctBits }

// nameBits is what an exact agreement on the normalised name weighs: its
// words' rarity, so a chain's name, carried by many referrals, weighs little
// and points at the chain, not at one branch.
func (ix *Index) nameBits(name string) float64 {
	s := 0.0
	for _, t := range companyWords(name) {
		s += ix.wordBits(t)
	}
	return math.Max(genericBits, math.Min(maxNameBits, s))
}

// placeWords are the words of a raw company name that name a place or a legal
// form rather than the business: what follows its first comma when that is
// one or two words ("AKZO NOBEL N.V., ARNHEM"), and words in parentheses
// ("DU PONT DE NEMOURS (NEDERLAND) B.V.").
func placeWords(raw string) []string {
	var out []string
	if i := strings.IndexByte(raw, ','); i > 0 {
		tail := strings.Fields(NormalizeText(strings.ReplaceAll(raw[i+1:], "/", " ")))
		words := tail[:0:0]
		for _, t := range joinLetters(tail) {
			if !legalSuffix[t] {
				words = append(words, t)
			}
		}
		if len(words) <= 3 && !hasNumber(words) {
			out = append(out, words...)
		}
	}
	for rest := raw; ; {
		i := strings.IndexByte(rest, '(')
		j := strings.IndexByte(rest, ')')
		if i < 0 || j < i {
			break
		}
		out = append(out, strings.Fields(NormalizeText(rest[i+1:j]))...)
		rest = rest[j+1:]
	}
	return out
}

func hasNumber(ws []string) bool {
	for _, w := range ws {
		if isNumber(w) {
			return true
		}
	}
	return false
}

// droppable reports whether a word left over on one side of a name
// comparison is not a difference: a place named after the name, the
// record's own city, a lone letter.
func droppable(t string, r *rec, other *rec) bool {
	if len(t) == 1 && !isNumber(t) {
		return true
	}
	for _, p := range r.coPlace {
		if p == t {
			return true
		}
	}
	return inWords(t, r.city) || inWords(t, other.city)
}

// inWords reports whether t is one of the words of s.
func inWords(t, s string) bool {
	for _, w := range strings.Fields(s) {
		if w == t {
			return true
		}
	}
	return false
}
