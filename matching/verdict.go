package matching

// Score bands and their words. Scores are calibrated chances (see
// calibrated), so the words follow the number; README "Match scores".
// The top band, "sure", starts at the bar the candidate needs to be matched
// automatically (Thresholds.Auto, higher for names and places alone), so a
// candidate is never called sure while the entry waits for being not sure enough.
var verdictBands = []struct {
	from        float64
	band, words string
}{
	{0.8, BandLikely, "a likely match"},
	{0.5, BandPossible, "a possible match: check the fields"},
	{closeFloor, BandDoubtful, "a doubtful candidate: more likely not this referral"},
	{0, BandWeak, "a weak candidate — probably not this referral"},
}

// The bands a candidate's score falls in, best first: Candidate.Band.
const (
	BandSure     = "sure"
	BandLikely   = "likely"
	BandPossible = "possible"
	BandDoubtful = "doubtful"
	BandWeak     = "weak"
	// BandHeld is a score in the sure band held back by conflicting or
	// organisation-only evidence: never called sure, as it is not applied.
	BandHeld = "held back"
)

// closeFloor is the least score two candidates need to be called close
// (ambiguous): two weak candidates are not a choice between two matches.
const closeFloor = 0.2

// band names the band of score for candidate c under th, with its words.
func band(c Candidate, th Thresholds) (string, string) {
	if c.Score >= autoBar(c, th) {
		if c.conflict || c.orgOnly {
			return BandHeld, "held back although the score alone would apply it"
		}
		return BandSure, "a sure match"
	}
	for _, b := range verdictBands {
		if c.Score >= b.from {
			return b.band, b.words
		}
	}
	return BandWeak, verdictBands[len(verdictBands)-1].words
}

// Band names the band a score falls in under the default thresholds, for a
// candidate stored before candidates carried their band.
func Band(score float64) string {
	b, _ := band(Candidate{Score: score, Identified: true}, DefaultThresholds())
	return b
}

// verdict words candidate i of a ranking and sets its band: the band,
// whether it is held back by conflicting or organisation-only evidence, and
// whether it is close to its neighbour (ambiguous: within the margin, both
// at least doubtful — the same rule that makes an entry ambiguous).
func verdict(cands []Candidate, i int, th Thresholds) string {
	c := &cands[i]
	b, w := band(*c, th)
	c.Band = b
	switch {
	case c.conflict:
		w += "; identifying fields disagree"
	case c.orgOnly:
		w += "; only the organisation agrees, not the site or person"
	}
	if i <= 1 && siblings(cands) {
		return w + "; another referral of this organisation is at the same address: check which"
	}
	for _, j := range []int{i - 1, i + 1} {
		if j >= 0 && j < len(cands) && close2(c.Score, cands[j].Score, th) {
			return w + "; ambiguous: another candidate is about as likely"
		}
	}
	return w
}

// close2 reports whether two scores are close: both at least doubtful and
// within the margin.
func close2(a, b float64, th Thresholds) bool {
	return a >= closeFloor && b >= closeFloor && abs(a-b) < th.Margin
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
