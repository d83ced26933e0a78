package matching

import (
	"math"
	"strings"
)

// Field weights are log2 likelihood ratios, Fellegi–Sunter style: how many
// times more likely the observed agreement is between records of one person
// than between records of two. A missing field weighs 0.
const (
	wEmailSame      = 13.0
	wEmailLocal     = 8.0
	wEmailLocalOnly = 4.0
	wEmailTypo      = 9.0
	wEmailLocalTypo = 5.0
	wEmailNear      = 4.0
	wEmailDiffer    = -4.0
	wPhoneSame      = 12.0
	wPhoneLocal     = 6.0
	wPhoneTypo      = 1.0
	wPhoneDiffer    = -3.0
	wGivenSame      = 5.5
	wGivenNick      = 4.5
	wGivenTypo      = 3.5
	wGivenNear      = -1.0
	wGivenInitial   = 1.0
	wGivenDiffer    = -3.5
	wFamilySame     = 7.0
	wFamilyPart     = 4.0
	wFamilyTypo     = 5.0
	wFamilyNear     = 2.0
	wFamilyDiffer   = -5.0
	wSwapPenalty    = -0.5
	wCitySame       = 2.5
	wCityTypo       = 1.5
	wCityDiffer     = -1.5
	wStateSame      = 0.5
	wStateDiffer    = -1.0
	wPostSame       = 6.0 // less log2 of the referrals sharing it: a district shared by many weighs little
	wPostTypo       = 2.5
	wPostDiffer     = -2.5
	wCompanySame    = 5.0
	wCompanyAcr     = 4.0
	wCompanyNear    = 3.0
	wCompanyPart    = 2.0
	wCompanyDiff    = -4.0 // two businesses: a renamed one is rare
	wCompanySite    = -1.0
	wCompanyHolds   = 2.5 // one name holds the other: the organisation, not the site
	wWebsiteSame    = 6.0
	wWebsiteDiffer  = -2.0
	// scoreOffset is the total weight at which a lone candidate's score is
	// one half (see calibrated).
	scoreOffset = 0.5
)

// fieldCmp is one field's comparison: its weight in bits and its explanation.
type fieldCmp struct {
	field  string
	sim    float64
	weight float64
	reason string
	hold   bool // the words say conflict, another site or an outlet: never automatic
	same   bool // the values are the same after normalising (for company names: the same name)
	apart  bool // the values say outright that the records are of two businesses
	kind   bool // two company names agree only on words of a kind, their distinctive words disagree
	mixed  bool // two company names share a distinctive word while other distinctive words disagree
	chain  bool // the same company name, held at two or more street addresses: a chain's
	outlet bool // one name is the other's with an outlet word, or both are outlets of one site
	near   bool // the names agree but for a letter or two in a distinctive word: never automatic
}

// comparison is an entry compared with one referral.
type comparison struct {
	slot   int32
	bits   float64
	strong bool // an identifying field (email, phone, postcode+street, company) agrees
	rare   bool // only names and places agree, but few referrals share the name
	// agree and differ are the identifying fields that agree and disagree;
	// both set is a conflict.
	agree, differ evidence
	// exact is the evidence whose values are the same, not only near.
	exact evidence
	// orgOnly is true when only organisation-wide fields agree (its name,
	// phone, website) for records of a company: which site is unknown.
	orgOnly bool
	// blocked is the weight the conflict and organisation-only penalties took off.
	blocked float64
	// exactStreet is true when the house number and the street agree.
	exactStreet bool
	// hold is true when a field's words call the pair a conflict, another
	// site or an outlet: never applied without a person.
	hold bool
	// outlet is true when the company names relate through an outlet word
	// (see fieldCmp.outlet); outletSet when scoreAll found the site's
	// outlets referred one by one and held this one out (see outletsApart).
	outlet, outletSet bool
	fields            []fieldCmp
}

// Scores are calibrated: a candidate's score is the chance that it is the
// entry's referral, given every candidate compared. Each candidate's weight
// (log2 likelihood ratio) gives its odds against "none of them",
// 2^(bits − scoreOffset), and one entry is at most one referral:
//
//	score_i = odds_i / (1 + Σ_j odds_j)
//
// so two strong candidates share the chance (each about one half: close, so
// ambiguous), and 100 % beside 81 % cannot happen. scoreOffset and the
// conflict and organisation-only penalties were fitted (log-loss, each data
// set weighted alike) on one half of entity splits of the people and
// company sources and checked on the other half; README "Match scores".

// maxOddsBits caps a weight before exponentiating it.
const maxOddsBits = 60

// oddsSum is Σ_j 2^(bits_j − scoreOffset) over the comparisons that are
// rivals (see rival).
func oddsSum(cmps []comparison) float64 {
	s, decides := 0.0, streetDecides(cmps)
	for _, c := range cmps {
		if rival(c, decides) {
			s += oddsOf(c.bits)
		}
	}
	return s
}

// oddsOf is a weight's odds against "none of them".
func oddsOf(bits float64) float64 { return math.Exp2(min(bits, maxOddsBits) - scoreOffset) }

// streetDecides reports whether some comparison agrees on the whole street
// address: then a referral of the same name at another street (a chain's
// other branch) is another site, not a rival for the one at this address.
func streetDecides(cmps []comparison) bool {
	for _, c := range cmps {
		if c.exactStreet {
			return true
		}
	}
	return false
}

// rival reports whether c shares the entry's chance with the others.
func rival(c comparison, streetDecides bool) bool {
	return !streetDecides || c.differ&evStreet == 0
}

// calibrated is one candidate's score given its weight and the sum of all
// candidates' odds (its own included).
func calibrated(bits, oddsSum float64) float64 {
	return math.Exp2(min(bits, maxOddsBits)-scoreOffset) / (1 + oddsSum)
}

// tfAdjust lowers an exact agreement's weight by how many referrals share the value.
func (ix *Index) tfAdjust(k keyKind, v string, scale, limit float64) float64 {
	n := ix.post.count(hashKey(k, v))
	if n <= 1 {
		return 0
	}
	return math.Min(limit, scale*math.Log2(float64(n)))
}

// compare scores entry e against referral r.
func (ix *Index) compare(e, r *rec, explain bool) comparison {
	var c comparison
	if explain {
		c.fields = make([]fieldCmp, 0, 10)
	}
	add := func(f fieldCmp) {
		if f.field != "" {
			if explain {
				c.fields = append(c.fields, f)
			}
			c.bits += f.weight
			c.hold = c.hold || f.hold
		}
	}
	em := ix.cmpEmail(e, r)
	ph := cmpPhone(e, r)
	g, fam, order := ix.cmpNames(e, r)
	co := ix.cmpCompany(e, r)
	if co.same && ix.chainName(e, r) {
		co.chain = true
		if explain {
			co.reason += chainReason
		}
	}
	st := cmpStreet(e, r)
	pc := ix.cmpPostcode(e, r)
	city := ix.cmpCity(e, r)
	web := ix.cmpWebsite(e, r)
	otherDomain := strings.HasPrefix(em.reason, reasonOtherDomain)
	if otherDomain && city.weight < 0 {
		em.hold, em.reason = true, em.reason+", and another city: perhaps another person"
	}
	if co.hold && co.weight == wCompanySite && st.weight >= wStreetMost {
		// at the same street address two site names are one site named two ways
		co.hold, co.reason = false, "same parent organisation at the same street address, the site named another way"
	}
	for _, f := range []fieldCmp{em, ph, g, fam, order, nameInEmail(e, r), co, st, pc, city, cmpState(e, r), web} {
		add(f)
	}
	c.agree, c.differ = evidenceOf(em, ph, g, fam, co, st, pc, web)
	c.exact = exactOf(em, ph, g, fam, st, web)
	c.exactStreet = st.weight >= wStreetSame
	c.outlet = co.outlet
	c.strong = em.weight > 0 && !otherDomain || ph.weight >= wPhoneLocal ||
		co.weight >= wCompanyHolds || web.weight > 0 ||
		(pc.weight > 0 && st.weight >= halfStreet(e, r, fam) || st.weight >= wStreetSame) && (c.differ&evStreet == 0 || e.company == "")
	c.orgOnly = orgOnly(c.agree, e, r, co.same)
	if c.orgOnly && !c.conflict() {
		c.blocked = orgOnlyPenalty
		f := fieldCmp{field: "site", weight: orgOnlyPenalty, hold: true}
		if explain {
			f.reason = "same organisation, but nothing tells which site or person: not applied automatically"
		}
		add(f)
	}
	if c.conflict() {
		c.blocked = conflictPenalty
		if otherSite(c.agree, c.differ) {
			c.blocked = siteConflictPenalty
		}
		f := fieldCmp{field: "conflict", weight: c.blocked, hold: true}
		if explain {
			f.reason = conflictWords(c.agree, c.differ)
		}
		add(f)
	}
	if why := notCandidate(e, r, co, c.agree, st, pc, city); why != "" && c.bits > apartBits {
		c.blocked += apartBits - c.bits
		f := fieldCmp{field: "held", weight: apartBits - c.bits}
		if explain {
			f.reason = why
		}
		add(f)
	} else if c.hold && c.bits > heldBits {
		c.blocked += heldBits - c.bits
		f := fieldCmp{field: "held", weight: heldBits - c.bits}
		if explain {
			f.reason = "the fields above say another site, an outlet or a conflict: the score is held below certainty"
		}
		add(f)
	}
	if !c.strong {
		rare := fieldCmp{}
		if !contradicted(ph, co, st, pc) {
			rare = ix.cmpRarity(e, r, g, fam, order, em, city, explain)
		}
		c.rare = rare.weight > 0
		add(rare)
	}
	return c
}

// heldBits caps the weight of a candidate whose fields say another site, an
// outlet or a conflict: alone it scores at most about 0.9, however much
// else agrees (a hotel's restaurant shares its phone and street), so the
// top score band keeps meaning "right".
const heldBits = 3.67

// apartBits caps the weight of a candidate whose company names say two
// businesses, when no person's name or email agrees: below the review band.
const apartBits = -6.0

// conflict reports whether some identifying fields agree and others disagree.
func (c *comparison) conflict() bool { return c.agree&identifying != 0 && c.differ&conflicting != 0 }

// contradicted reports whether more than one identifying field disagrees.
func contradicted(fs ...fieldCmp) bool {
	n := 0
	for _, f := range fs {
		if f.weight < 0 {
			n++
		}
	}
	return n > 1
}

// halfStreet is the least street weight that, beside the same postal code,
// identifies: a person's street without a house number narrows a postal code
// to a few households, one of them of this family name; a business's street
// is shared by every shop along it.
func halfStreet(e, r *rec, fam fieldCmp) float64 {
	if e.company == "" && r.company == "" && fam.weight > 0 {
		return wStreetSome
	}
	return wStreetMost
}
