package matching

import (
	"slices"
	"strings"
)

// Chains: one name at many street addresses. The name tells the chain, not
// the branch: a referral of the chain without an address, or an entry
// without one, is not evidence of one branch (see orgOnly).

// chainReason is added to a company reason when the name is a chain's.
const chainReason = "; the name stands at several street addresses (a chain): only a street or phone tells the branch"

// chainName reports whether the company name e and r share is a chain's: the
// referrals holding it (written as either record writes it, with or without
// a place added) stand at two or more street addresses (the entry's own
// street beside one referral's may be a typo in the house number). A name
// too common to be stored in the index is a chain's too.
func (ix *Index) chainName(e, r *rec) bool {
	var first *rec
	found := false
	names := [4]string{r.company, e.company, coreName(r), coreName(e)}
	for i, name := range names {
		if found || name == "" || slices.Contains(names[:i], name) {
			continue
		}
		key := hashKey(kCompany, name)
		if ix.post.count(key) > maxPosting {
			return true
		}
		ix.post.each(key, func(s int32) {
			o := &ix.recs[s]
			switch {
			case found || len(o.street) == 0:
			case first == nil:
				first = o
			case cmpStreet(first, o).weight < 0:
				found = true
			}
		})
	}
	return found
}

// coreName is a record's company name without the words that name a place
// ("Velneka, PITTSBURGH": velneka).
func coreName(r *rec) string {
	if len(r.coPlace) == 0 {
		return r.company
	}
	ws := strings.Fields(r.company)
	out := ws[:0]
	for _, w := range ws {
		if !slices.Contains(r.coPlace, w) {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// chainOnly reports whether e and r share only a chain's name: nothing that
// tells the branch agrees (its street, phone, website, an email or a
// person's name). Two records without an address are no exception: the
// chain has branches at several streets, which one is unknown.
func chainOnly(co fieldCmp, agree evidence) bool {
	return co.chain && agree&(evSite|evStreet|evPhone|evEmail|evName|evWebsite) == 0
}
