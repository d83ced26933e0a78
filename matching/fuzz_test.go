package matching

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzNormalize feeds arbitrary text to every normaliser and to Match: none
// may panic, and their results keep their promises (idempotent text,
// digits-only phones, a single @ in emails, at most MaxCandidates candidates).
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"José O'Brien", "J.O.H.N+x@GoogleMail.com", "+44 (0)20 7946 0958 x12",
		"I.B.M. & Co, Ltd.", "Straße", "\xff\xfe", "@@", "00", "İstanbul ǅ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeText(s)
		if NormalizeText(n) != n {
			t.Errorf("NormalizeText not idempotent on %q: %q → %q", s, n, NormalizeText(n))
		}
		if utf8.ValidString(s) && !utf8.ValidString(n) {
			t.Errorf("NormalizeText(%q) = %q is not UTF-8", s, n)
		}
		_ = NormalizeName(s)
		c := NormalizeCompany(s)
		_ = CompanyAcronym(c)
		if e := NormalizeEmail(s); e != "" {
			if strings.Count(e, "@") != 1 || NormalizeEmail(e) != e {
				t.Errorf("NormalizeEmail(%q) = %q: not one @ or not idempotent", s, e)
			}
		}
		for _, cc := range []string{"1", "44"} {
			p := NormalizePhone(s, cc)
			if strings.Trim(p, "0123456789") != "" {
				t.Errorf("NormalizePhone(%q) = %q has non-digits", s, p)
			}
		}
		_ = Soundex(s)
		_ = JaroWinkler(clip(s), clip(n))
		r := prepare(s, s, s, s, s, s, s, s, s, s)
		_ = r.keys()
		ix := NewIndex()
		ix.Add(Referral{ID: "r", FirstName: s, LastName: n, Email: s, Phone: s, Street: s, City: n, PostalCode: s, Website: s, Company: n})
		ix.Add(Referral{ID: "q", FirstName: n, LastName: s, Email: n + "@x.io", Street: n, City: s})
		d := ix.Match(SalesEntry{FirstName: n, LastName: s, Email: n, Street: n, City: s, PostalCode: n}, DefaultThresholds())
		if len(d.Candidates) > MaxCandidates {
			t.Errorf("%d candidates for %q", len(d.Candidates), s)
		}
	})
}
