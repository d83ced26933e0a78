package matching

// Candidates not worth a reviewer's time: however much else agrees, what
// agrees is only what two businesses of a kind or two namesakes share.

// notCandidate says why e and r are two businesses or two people however
// much else agrees, or "" when nothing says so: the candidate is capped
// below the review band.
func notCandidate(e, r *rec, co fieldCmp, agree evidence, st, pc, city fieldCmp) string {
	switch {
	case elsewhere(e, r, agree, st, pc, city):
		return "only the names agree while every place disagrees (street, postal code, city): a namesake elsewhere, not a candidate"
	case mixedOnly(co, agree, st):
		return "the names share only words of a kind, their other distinctive words disagree, and no email, phone, street address, website or person's name agrees: two businesses, not a candidate"
	case co.near && agree&(evStreet|evPhone|evEmail|evWebsite|evName) == 0:
		return "the names are a letter or two apart and nothing else identifying agrees (street address, phone, email, website): two businesses, not a candidate"
	case chainOnly(co, agree):
		return "only a chain's name agrees, and nothing tells the branch (its street address or phone): another branch, or one unknown, not a candidate"
	case co.apart && agree&(evEmail|evName) == 0:
		return "two businesses, whatever else agrees (a building's tenants share its street and switchboard): not a candidate"
	}
	return ""
}

// kindBits is the least the words two company names share must weigh when
// their other distinctive words disagree and nothing identifying agrees:
// words held by more than one referral name in 64 ("Lanes", "Grand" in a
// small program) name a kind of business, a site's own name ("Kidz Colony"
// under two parents) is rarer.
const kindBits = 6.0

// mixedOnly reports whether the company names share only words of a kind
// (or, at two street addresses, any word) while their other distinctive
// words disagree, and nothing identifying agrees besides (no email, phone,
// street address, website or person's name): an unreferred business beside
// a referred one of its kind ("Kalusa Lanes" and "Gelosno Lanes" in a
// program with few bowling alleys), not a candidate worth a person's time.
func mixedOnly(co fieldCmp, agree evidence, st fieldCmp) bool {
	return (co.kind || co.mixed && st.weight < 0) && agree&(identifying|evName) == 0
}

// elsewhere reports whether e and r are people whose names may agree but
// nothing identifying does, while every place both give disagrees (at least
// two of street, postal code and city): a namesake elsewhere.
func elsewhere(e, r *rec, agree evidence, places ...fieldCmp) bool {
	if e.company != "" || r.company != "" || agree&identifying != 0 {
		return false
	}
	n := 0
	for _, f := range places {
		if f.field == "" {
			continue
		}
		if f.weight >= 0 {
			return false
		}
		n++
	}
	return n >= 2
}
