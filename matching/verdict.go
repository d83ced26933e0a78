package matching

// Score bands and their words. Scores are calibrated chances (see
// calibrated), so the words follow the number; README "Match scores".
var verdictBands = []struct {
	from  float64
	words string
}{
	{0.99, "a sure match"},
	{0.8, "a likely match"},
	{0.5, "a possible match: check the fields"},
	{0.2, "a doubtful candidate: more likely not this referral"},
	{0, "a weak candidate — probably not this referral"},
}

// verdict words candidate i of a ranking: its band, whether it is held
// back by conflicting or organisation-only evidence, and whether it is
// close to its neighbour (ambiguous: within the margin, both at least doubtful).
func verdict(cands []Candidate, i int, th Thresholds) string {
	c := cands[i]
	w := ""
	for _, b := range verdictBands {
		if c.Score >= b.from {
			w = b.words
			break
		}
	}
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
		if j >= 0 && j < len(cands) && c.Score >= 0.2 && cands[j].Score >= 0.2 && abs(c.Score-cands[j].Score) < th.Margin {
			return w + "; ambiguous: another candidate is about as likely"
		}
	}
	return w
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
