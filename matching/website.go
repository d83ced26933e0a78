package matching

import "strings"

// WebsiteHost returns the host of a web address, lower-cased, without a
// scheme, user, "www.", port or path ("https://www.Acme.com/about" →
// "acme.com"); "" when s does not look like one.
func WebsiteHost(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" || s == "no" || s == "n/a" {
		return ""
	}
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.IndexAny(s, "/?# "); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	if i := strings.IndexByte(s, ':'); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimPrefix(strings.TrimSuffix(s, "."), "www.")
	if !strings.Contains(s, ".") || !validDomain(s) {
		return ""
	}
	return s
}

// webIn returns the host of a web address written in a name field ("www.acme.org"), else "".
func webIn(s string) string {
	l := strings.ToLower(s)
	if strings.Contains(l, "www.") || strings.Contains(l, "http") {
		return WebsiteHost(s)
	}
	return ""
}

// personName returns s when it can be a person's name: a value with digits,
// an @ or a web address in it is a code, an email or a website that a CRM
// field holds by mistake, and is left out.
func personName(s string) string {
	if strings.ContainsAny(s, "0123456789@") || webIn(s) != "" {
		return ""
	}
	return s
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
