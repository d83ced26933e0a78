package matching

import "strings"

// BenchBaseline is what three exact rules reach on the same data: the entry's
// referral id; else the one referral with the same email; else the one
// referral with the same normalised company name and the same house number
// or phone. It shows what fuzzy matching adds on a user's own data.
type BenchBaseline struct {
	AutoMatched   int     `json:"auto_matched"`
	AutoCorrect   int     `json:"auto_correct"`
	AutoPrecision float64 `json:"auto_precision"`
	AutoRecall    float64 `json:"auto_recall"`
}

// exactRules holds the referrals keyed the way the three exact rules look them up.
type exactRules struct {
	byID    map[string]string
	byEmail map[string][]string
	byName  map[string][]exactSite
}

// exactSite is one referral under a company name: its house number and phone.
type exactSite struct{ id, number, phone string }

func newExactRules(refs []LabeledReferral) exactRules {
	x := exactRules{byID: map[string]string{}, byEmail: map[string][]string{}, byName: map[string][]exactSite{}}
	for _, r := range refs {
		x.byID[r.ID] = r.ID
		if em := NormalizeEmail(r.Email); em != "" {
			x.byEmail[em] = append(x.byEmail[em], r.ID)
		}
		if co := NormalizeCompany(r.Company); co != "" {
			x.byName[co] = append(x.byName[co], exactSite{r.ID, houseNumber(r.Street), NormalizePhone(r.Phone, DefaultCountryCode)})
		}
	}
	return x
}

// match returns the referral the exact rules pick for e, or "".
func (x exactRules) match(e SalesEntry) string {
	if id, ok := x.byID[e.ReferralID]; ok && e.ReferralID != "" {
		return id
	}
	if em := NormalizeEmail(e.Email); em != "" {
		if ids := x.byEmail[em]; len(ids) == 1 {
			return ids[0]
		}
	}
	co := NormalizeCompany(e.Company)
	if co == "" {
		return ""
	}
	num, phone := houseNumber(e.Street), NormalizePhone(e.Phone, DefaultCountryCode)
	found := ""
	for _, s := range x.byName[co] {
		if num != "" && s.number == num || phone != "" && s.phone == phone {
			if found != "" {
				return "" // not one referral
			}
			found = s.id
		}
	}
	return found
}

// houseNumber is the first number in a street address, or "".
func houseNumber(street string) string {
	for _, t := range strings.Fields(NormalizeText(street)) {
		if isNumber(t) {
			return t
		}
	}
	return ""
}

// RunBaseline scores the three exact rules on a labelled set, the way
// RunBench scores the matcher.
func RunBaseline(refs []LabeledReferral, entries []LabeledEntry) BenchBaseline {
	x := newExactRules(refs)
	truth := map[string]string{}
	for _, r := range refs {
		if r.Entity != "" {
			truth[r.Entity] = r.ID
		}
	}
	var b BenchBaseline
	withTruth := 0
	for _, e := range entries {
		want, referred := truth[e.Entity]
		referred = referred && e.Entity != ""
		if referred {
			withTruth++
		}
		if id := x.match(e.SalesEntry); id != "" {
			b.AutoMatched++
			if referred && id == want {
				b.AutoCorrect++
			}
		}
	}
	b.AutoPrecision = ratio(b.AutoCorrect, b.AutoMatched)
	b.AutoRecall = ratio(b.AutoCorrect, withTruth)
	return b
}
