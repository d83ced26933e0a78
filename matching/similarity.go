package matching

import "github.com/agnivade/levenshtein"

// JaroWinkler returns the Jaro–Winkler similarity of a and b (0..1), comparing bytes.
func JaroWinkler(a, b string) float64 {
	if a == b {
		if a == "" {
			return 0
		}
		return 1
	}
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	if la > lb {
		a, b, la, lb = b, a, lb, la
	}
	win := lb/2 - 1
	if win < 0 {
		win = 0
	}
	var fa, fb [64]bool
	var ma, mb []bool
	if lb <= 64 {
		ma, mb = fa[:la], fb[:lb]
	} else {
		ma, mb = make([]bool, la), make([]bool, lb)
	}
	m := 0
	for i := 0; i < la; i++ {
		lo, hi := max(0, i-win), min(lb, i+win+1)
		for j := lo; j < hi; j++ {
			if !mb[j] && a[i] == b[j] {
				ma[i], mb[j] = true, true
				m++
				break
			}
		}
	}
	if m == 0 {
		return 0
	}
	t, j := 0, 0
	for i := 0; i < la; i++ {
		if !ma[i] {
			continue
		}
		for !mb[j] {
			j++
		}
		if a[i] != b[j] {
			t++
		}
		j++
	}
	fm := float64(m)
	jaro := (fm/float64(la) + fm/float64(lb) + (fm-float64(t)/2)/fm) / 3
	p := 0
	for p < 4 && p < la && a[p] == b[p] {
		p++
	}
	return jaro + float64(p)*0.1*(1-jaro)
}

// EditSimilarity is 1 − Levenshtein distance / length of the longer string.
func EditSimilarity(a, b string) float64 {
	if a == b {
		if a == "" {
			return 0
		}
		return 1
	}
	n := max(len(a), len(b))
	if n == 0 {
		return 0
	}
	return 1 - float64(levenshtein.ComputeDistance(a, b))/float64(n)
}

// editDistance is the Levenshtein distance of a and b.
func editDistance(a, b string) int { return levenshtein.ComputeDistance(a, b) }

// Soundex returns the American Soundex code of an ASCII word ("robert" → "r163"), "" for none.
func Soundex(s string) string {
	const codes = "01230120022455012623010202" // a..z
	var out [4]byte
	n := 0
	var last byte
	for i := 0; i < len(s) && n < 4; i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c < 'a' || c > 'z' {
			continue
		}
		code := codes[c-'a']
		if n == 0 {
			out[0] = c
			n, last = 1, code
			continue
		}
		if c == 'h' || c == 'w' {
			continue
		}
		if code != '0' && code != last {
			out[n] = code
			n++
		}
		last = code
	}
	if n == 0 {
		return ""
	}
	for n < 4 {
		out[n] = '0'
		n++
	}
	return string(out[:])
}
