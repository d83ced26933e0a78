package matching

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// MaxCandidates is the most candidates a decision carries.
const MaxCandidates = 5

// minShown is the lowest score a review candidate may have to be shown.
const minShown = 0.001

// DefaultThresholds returns the decision bands tuned on the bench data.
func DefaultThresholds() Thresholds {
	return Thresholds{Auto: 0.997, Review: 0.07, Margin: 0.3}
}

// Match decides which referral e is about. A referral id, external id or
// linked Salesforce id that names a referral in the index is a direct match;
// otherwise the referrals sharing blocking keys with e are scored and the
// thresholds decide between auto, review (ambiguous or low_confidence) and
// no_match.
func (ix *Index) Match(e SalesEntry, th Thresholds) Decision {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if id, ok := ix.direct(e); ok {
		return Decision{Outcome: OutcomeAuto, Method: MethodDirect, ReferralID: id, Score: 1}
	}
	p := prepareEntry(e)
	cmps := ix.scoreAll(&p)
	d := decide(ix.rank(cmps), th)
	for i := range d.Candidates { // decide keeps a prefix of the ranking
		d.Candidates[i].Fields = ix.explainOne(&p, cmps[i])
		d.Candidates[i].Verdict = verdict(d.Candidates, i, th)
	}
	return d
}

// Explain compares e with the referral id as Match would, whether or not
// blocking would find it: the candidate with its per-field reasons. It
// reports false for an unknown id.
func (ix *Index) Explain(e SalesEntry, id string) (Candidate, bool) {
	return ix.explainCandidate(e, id, false)
}

// ranked returns the direct match of e, or its candidates ranked without
// explanations: what decide needs, for trying several thresholds.
func (ix *Index) ranked(e SalesEntry) (direct string, cands []Candidate) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if id, ok := ix.direct(e); ok {
		return id, nil
	}
	p := prepareEntry(e)
	return "", ix.rank(ix.scoreAll(&p))
}

// direct finds a referral named by the entry's ids. The caller holds the read lock.
func (ix *Index) direct(e SalesEntry) (string, bool) {
	if s, ok := ix.byID[e.ReferralID]; ok && e.ReferralID != "" {
		return ix.recs[s].id, true
	}
	if s, ok := ix.byExt[e.ExternalID]; ok && e.ExternalID != "" {
		return ix.recs[s].id, true
	}
	for _, sf := range e.SalesforceIDs {
		if s, ok := ix.bySF[sf]; ok && sf != "" {
			return ix.recs[s].id, true
		}
	}
	return "", false
}

// rank turns the best comparisons into candidates, without explanations.
func (ix *Index) rank(cmps []comparison) []Candidate {
	out := make([]Candidate, min(len(cmps), MaxCandidates+1))
	odds := oddsSum(cmps)
	for i := range out {
		out[i] = ix.candidateAt(cmps, i, odds)
	}
	return out
}

// candidateAt is comparison i as a candidate, scored beside all of cmps (odds is their oddsSum).
func (ix *Index) candidateAt(cmps []comparison, i int, odds float64) Candidate {
	c := cmps[i]
	others := odds // the odds of every counted comparison but c
	if rival(c, streetDecides(cmps)) {
		others -= oddsOf(c.bits)
	}
	return Candidate{ReferralID: ix.recs[c.slot].id, Score: calibrated(c.bits, others+oddsOf(c.bits)), Identified: c.strong,
		rareName: c.rare, conflict: c.conflict(), orgOnly: c.orgOnly, hold: c.hold,
		sameSite: c.agree&(evCompany|evStreet) == evCompany|evStreet, siteName: c.agree&evSite != 0,
		samePhone: c.agree&evPhone != 0, sameStreet: c.agree&evStreet != 0, agree: c.agree & identifying, exact: c.exact,
		unblocked: calibrated(c.bits-c.blocked, others+oddsOf(c.bits-c.blocked))}
}

// explainWithin compares e with the referral id as Match would and scores it
// beside the candidates Match weighs (itself added when blocking did not
// find it): the score a reader of the decision sees. It reports false for
// an unknown id.
func (ix *Index) explainWithin(e SalesEntry, id string) (Candidate, bool) {
	return ix.explainCandidate(e, id, true)
}

// explainCandidate is Explain, scored alone or, within, beside the
// candidates Match weighs.
func (ix *Index) explainCandidate(e SalesEntry, id string, within bool) (Candidate, bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	s, ok := ix.byID[id]
	if !ok || id == "" {
		return Candidate{}, false
	}
	p := prepareEntry(e)
	var cmps []comparison
	if within {
		cmps = ix.scoreAll(&p)
	}
	i := slices.IndexFunc(cmps, func(c comparison) bool { return c.slot == s })
	if i < 0 {
		cmps = append(cmps, ix.compareScored(&p, s))
		ix.sortComparisons(cmps)
		i = slices.IndexFunc(cmps, func(c comparison) bool { return c.slot == s })
	}
	cand := ix.candidateAt(cmps, i, oddsSum(cmps))
	cand.Fields = ix.explainOne(&p, cmps[i])
	cand.Verdict = verdict([]Candidate{cand}, 0, DefaultThresholds())
	return cand, true
}

// explainOne compares p with one referral again, keeping every field's part.
func (ix *Index) explainOne(p *rec, c comparison) []FieldScore {
	full := ix.compare(p, &ix.recs[c.slot], true)
	if !c.strong {
		full.fields = append(full.fields, penaltyField)
		full.bits += nameOnlyPenalty
	}
	if c.outletSet {
		full.fields = append(full.fields, outletsField(full.bits))
	}
	return explain(full)
}

// scoreAll compares p with every blocked referral, best first.
func (ix *Index) scoreAll(p *rec) []comparison {
	slots := ix.candidates(p.queryKeys())
	cmps := make([]comparison, 0, len(slots))
	for _, s := range slots {
		cmps = append(cmps, ix.compareScored(p, s))
	}
	outletsApart(cmps)
	ix.sortComparisons(cmps)
	return cmps
}

// sortComparisons sorts comparisons best first, ties by referral id.
func (ix *Index) sortComparisons(cmps []comparison) {
	slices.SortFunc(cmps, func(a, b comparison) int {
		if a.bits != b.bits {
			return cmp.Compare(b.bits, a.bits)
		}
		return strings.Compare(ix.recs[a.slot].id, ix.recs[b.slot].id)
	})
}

// compareScored compares p with the referral in slot s, penalty included.
func (ix *Index) compareScored(p *rec, s int32) comparison {
	c := ix.compare(p, &ix.recs[s], false)
	c.slot = s
	if !c.strong {
		c.bits += nameOnlyPenalty
	}
	return c
}

// nameOnlyPenalty lowers the weight of a candidate that agrees on nothing but
// names and places: a name and a city alone rarely tell people apart, so
// only overwhelming agreement may still reach the auto band.
const nameOnlyPenalty = -5.0

// penaltyField explains nameOnlyPenalty.
var penaltyField = fieldCmp{field: "identifiers", weight: nameOnlyPenalty,
	reason: "no email, phone, address or company agrees: names and places alone"}

// explain turns a comparison into the per-field explanation: each
// contribution is the field's signed share of all the weight.
func explain(c comparison) []FieldScore {
	total := 0.0
	for _, f := range c.fields {
		total += math.Abs(f.weight)
	}
	out := make([]FieldScore, 0, len(c.fields))
	for _, f := range c.fields {
		fs := FieldScore{Field: f.field, Similarity: round3(f.sim), Reason: f.reason}
		if total > 0 {
			fs.Contribution = round3(f.weight / total)
		}
		out = append(out, fs)
	}
	return out
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// unidentifiedAuto is the least score a candidate agreeing only on names and
// places needs for an automatic match: overwhelming, beyond what a full name,
// city and state can reach on their own (a rare name, the postal code and the
// street's name can: scores there are right more than 99.9 % of the time).
const unidentifiedAuto = 0.999

// siblings reports whether the two best candidates are both the entry's
// organisation at its street address (two referrals for one building)
// and only the best has the site's full name, if either: a shared phone
// is the organisation's, so nothing else tells them apart.
// Two referrals of one organisation sharing the entry's phone, where no
// street address agrees and the second agrees on every identifying field the
// first does, as exactly (a person's email or the company's name tells them
// apart when only one has it, a typo or the last digits when only one is
// exact), are siblings too: the switchboard is theirs.
func siblings(cands []Candidate) bool {
	if len(cands) < 2 {
		return false
	}
	a, b := cands[0], cands[1]
	if a.samePhone && b.samePhone && !a.sameStreet && !b.sameStreet && a.Identified && a.agree&^b.agree == 0 && a.exact&^b.exact == 0 {
		return true
	}
	if !a.sameSite || !b.sameSite {
		return false
	}
	return !(a.siteName && !b.siteName)
}

// autoBar is the score c needs to be matched without a person.
func autoBar(c Candidate, th Thresholds) float64 {
	if c.Identified || c.rareName {
		return th.Auto
	}
	return max(th.Auto, unidentifiedAuto)
}

// decide applies the thresholds to ranked candidates.
func decide(cands []Candidate, th Thresholds) Decision {
	if len(cands) == 0 || cands[0].Score < th.Review {
		d := Decision{Outcome: OutcomeNoMatch, Reason: ReasonNoMatch}
		if len(cands) > 0 {
			d.Score = cands[0].Score
		}
		return d
	}
	if siblings(cands) {
		// nothing tells the two apart: each is as likely as the other
		share := (cands[0].Score + cands[1].Score) / 2
		cands[0].Score, cands[1].Score = share, share
	}
	best := cands[0]
	second := 0.0
	if len(cands) > 1 {
		second = cands[1].Score
	}
	clear := best.Score-second >= th.Margin && !siblings(cands)
	if best.Score >= autoBar(best, th) && clear && !best.conflict && !best.orgOnly && !best.hold {
		return Decision{Outcome: OutcomeAuto, Method: MethodFuzzy, ReferralID: best.ReferralID,
			Score: best.Score, Candidates: []Candidate{best}}
	}
	d := Decision{Outcome: OutcomeReview, Score: best.Score, Reason: ReasonLowConfidence}
	switch {
	case best.conflict && best.unblocked >= autoBar(best, th) && clear:
		d.Reason = ReasonConflict
	case best.orgOnly && clear:
	case best.Score >= autoBar(best, th) || (!clear && second >= th.Review && (second >= closeFloor || siblings(cands))):
		d.Reason = ReasonAmbiguous // the words say "two close matches": weak candidates are not
	}
	for i, c := range cands {
		if len(d.Candidates) == MaxCandidates || c.Score < minShown && !(i == 1 && siblings(cands)) {
			break
		}
		d.Candidates = append(d.Candidates, c)
	}
	return d
}
