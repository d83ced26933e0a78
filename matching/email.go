package matching

import "strings"

// cmpEmail compares normalised emails: the same, the same mailbox with a
// domain typo or at another domain, a typo, or different.
func (ix *Index) cmpEmail(e, r *rec) fieldCmp {
	if e.email == "" || r.email == "" {
		return cmpBadMail(e, r)
	}
	f := fieldCmp{field: "email", sim: letterSimilarity(e.email, r.email)}
	switch {
	case e.email == r.email:
		f.weight, f.reason = wEmailSame, "same email after normalising"
	case e.local == r.local && len(e.local) >= 3:
		w, why := wEmailLocal, "same mailbox name, domains differ by a typo"
		if !isTypo(e.domain, r.domain, JaroWinkler(e.domain, r.domain)) {
			// jsmith@ at two providers is often two people
			w, why = wEmailLocalOnly, reasonOtherDomain
		}
		w -= ix.tfAdjust(kLocal, e.local, 2, 4)
		if len(e.local) < 6 {
			w -= 3
		}
		f.weight, f.reason = max(w, 0), why
	case onlyNumberDiffers(e.local, r.local) && !numberTypo(e.local, r.local):
		f.weight, f.reason = wEmailDiffer, "another number in the mailbox name: another account"
	case f.sim >= 0.8 && emailTypo(e.email, r.email) && e.domain != r.domain:
		f.weight, f.reason = wEmailTypo, "emails differ by a typo"
	case f.sim >= 0.8 && emailTypo(e.email, r.email):
		// colleagues' addresses at one domain can be a letter apart
		f.weight, f.reason = wEmailLocalTypo, "mailbox names at the same domain differ by a typo"
	case e.domain == r.domain && JaroWinkler(e.local, r.local) >= 0.9:
		f.weight, f.reason = wEmailNear, "similar mailbox name at the same domain"
	default:
		f.weight, f.reason = wEmailDiffer, "different email"
	}
	return f
}

// reasonOtherDomain explains one mailbox name at two unrelated domains: often
// two people (jsmith@ at two providers), so it identifies no one by itself.
const reasonOtherDomain = "same mailbox name at another domain"

// emailTypo reports whether two different addresses are a few typos apart:
// at most one edit in six characters, ignoring dots, dashes and the @.
func emailTypo(a, b string) bool {
	n := min(len(a), len(b))
	if max(len(a), len(b))-n > n/6 {
		return false
	}
	if editDistance(a, b) <= n/6 {
		return true
	}
	sa, sb := alnum(a), alnum(b)
	return editDistance(sa, sb) <= min(len(sa), len(sb))/6
}

// letterSimilarity is 1 − (letters not shared) / (letters in both): a cheap
// bound, since one edit changes at most two letters.
func letterSimilarity(a, b string) float64 {
	if len(a)+len(b) == 0 {
		return 0
	}
	var n [32]int16 // letters share buckets: the bound only loosens
	for i := 0; i < len(a); i++ {
		n[a[i]&31]++
	}
	for i := 0; i < len(b); i++ {
		n[b[i]&31]--
	}
	diff := 0
	for _, v := range n {
		if v < 0 {
			v = -v
		}
		diff += int(v)
	}
	return 1 - float64(diff)/float64(len(a)+len(b))
}

// alnum keeps the letters and digits of s.
func alnum(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b = append(b, c)
		}
	}
	return string(b)
}

// nameInEmail credits a name missing on one side that the other side's
// email spells out ("maisie.walsh@…" for Maisie Walsh).
func nameInEmail(e, r *rec) fieldCmp {
	w := spelled(e.local, r.first, e.first, wGivenNick/2) + spelled(e.local, r.last, e.last, wFamilyTypo/2) +
		spelled(r.local, e.first, r.first, wGivenNick/2) + spelled(r.local, e.last, r.last, wFamilyTypo/2)
	if w == 0 {
		return fieldCmp{}
	}
	return fieldCmp{field: "name_in_email", sim: 1, weight: w, reason: "the email spells a name the other record lacks"}
}

// spelled returns w when name (4+ letters) appears in local and the record
// owning local has no such name of its own.
func spelled(local, name, own string, w float64) float64 {
	if own != "" || len(name) < 4 || local == "" || !strings.Contains(local, strings.ReplaceAll(name, " ", "")) {
		return 0
	}
	return w
}

// numberTypo reports whether the digits of two mailbox names are one edit or
// two swapped digits apart (jones82, jones28, jones8).
func numberTypo(a, b string) bool {
	da, db := digitsOf(a), digitsOf(b)
	return editDistance(da, db) <= 1 || lettersOff(da, db) == 0
}

// onlyNumberDiffers reports whether two mailbox names spell the same letters
// with different numbers (sam62@ and sam296@): a number is added to a name
// because someone else has it, so these are two people's addresses.
func onlyNumberDiffers(a, b string) bool {
	letters := func(s string) string {
		out := make([]byte, 0, len(s))
		for i := 0; i < len(s); i++ {
			if s[i] >= 'a' && s[i] <= 'z' {
				out = append(out, s[i])
			}
		}
		return string(out)
	}
	return a != b && letters(a) == letters(b)
}

// minBadMail is the fewest letters and digits a malformed email needs to be compared.
const minBadMail = 8

// cmpBadMail compares emails when one is too malformed to normalise
// ("f@holmes@duncan.com", "jamesd75collins.biz"): their letters and digits
// a typo or two apart count as agreeing; otherwise a malformed address is
// no evidence either way.
func cmpBadMail(e, r *rec) fieldCmp {
	a, b := e.badMail, r.badMail
	if a == "" && b == "" {
		return fieldCmp{}
	}
	if a == "" && e.email != "" && letterSimilarity(b, e.email) < 0.7 ||
		b == "" && r.email != "" && letterSimilarity(a, r.email) < 0.7 {
		return fieldCmp{} // a cheap bound: far too different to be a typo
	}
	if a == "" {
		a = alnum(e.email)
	}
	if b == "" {
		b = alnum(r.email)
	}
	n := min(len(a), len(b))
	if n < minBadMail || max(len(a), len(b))-n > n/6 || !numberTypo(a, b) || editDistance(a, b) > n/6 {
		return fieldCmp{} // numbers more than a typo apart: another account
	}
	return fieldCmp{field: "email", sim: EditSimilarity(a, b), weight: wEmailTypo,
		reason: "emails agree once the malformed one is cleaned"}
}
