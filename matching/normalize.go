package matching

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// foldMap spells accented and special Latin letters in plain ASCII.
var foldMap = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'ā': "a", 'ă': "a", 'ą': "a",
	'æ': "ae", 'ç': "c", 'ć': "c", 'č': "c", 'ď': "d", 'đ': "d", 'ð': "d",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ė': "e", 'ę': "e", 'ě': "e",
	'ğ': "g", 'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ī': "i", 'ı': "i", 'į': "i",
	'ł': "l", 'ľ': "l", 'ñ': "n", 'ń': "n", 'ň': "n",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'ō': "o", 'ő': "o", 'œ': "oe",
	'ř': "r", 'ś': "s", 'š': "s", 'ş': "s", 'ș': "s", 'ß': "ss", 'ť': "t", 'ţ': "t", 'ț': "t", 'þ': "th",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ū': "u", 'ů': "u", 'ű': "u", 'ų': "u",
	'ý': "y", 'ÿ': "y", 'ź': "z", 'ż': "z", 'ž': "z",
}

// NormalizeText lower-cases s, spells accented letters in ASCII, drops
// apostrophes, turns other punctuation into spaces and collapses whitespace.
func NormalizeText(s string) string {
	if s == "" {
		return ""
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		case r == '\'' || r == '’' || r == '`' || unicode.Is(unicode.Mn, r):
			// o'brien → obrien; combining accents vanish
		case foldMap[r] != "":
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteString(foldMap[r])
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}

// nameNoise are honorifics and generational suffixes that say nothing about who a person is.
var nameNoise = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "mx": true, "dr": true, "prof": true,
	"jr": true, "sr": true, "ii": true, "iii": true, "iv": true,
}

// NormalizeName normalises a personal name: NormalizeText without
// honorifics (Mr, Dr) or generational suffixes (Jr, III).
func NormalizeName(s string) string {
	toks := strings.Fields(NormalizeText(s))
	out := toks[:0]
	for _, t := range toks {
		if !nameNoise[t] {
			out = append(out, t)
		}
	}
	if len(out) == 0 && len(toks) > 0 {
		return strings.Join(toks, " ")
	}
	return strings.Join(out, " ")
}

// NormalizeEmail lower-cases an address, drops a +tag from the local part and,
// for Gmail, the dots of the local part. It returns "" for anything that is not
// an ASCII local@domain (addresses with non-ASCII letters are not compared).
func NormalizeEmail(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.Trim(s, "<> ")
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 || !utf8.ValidString(s) {
		return ""
	}
	local, domain := s[:at], strings.TrimSuffix(s[at+1:], ".")
	if i := strings.IndexByte(local, '+'); i >= 0 {
		local = local[:i]
	}
	if domain == "googlemail.com" {
		domain = "gmail.com"
	}
	if domain == "gmail.com" {
		local = strings.ReplaceAll(local, ".", "")
	}
	if !validLocal(local) || !validDomain(domain) {
		return ""
	}
	return local + "@" + domain
}

// validLocal reports whether s is a plain ASCII mailbox name.
func validLocal(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte(".!#$%&*/=?^_`{|}~-'", c) >= 0) {
			return false
		}
	}
	return s != ""
}

// validDomain reports whether s is a domain name: letters, digits, dashes and inner dots.
func validDomain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return s != "" && s[0] != '.' && s[len(s)-1] != '.'
}

// NormalizePhone returns the digits of a phone number with its country code.
// A number written with + or 00 keeps its own code; a national number (a
// leading trunk 0, or no prefix) gets defaultCC. Extensions are dropped and
// anything with fewer than 7 digits gives "".
func NormalizePhone(s, defaultCC string) string {
	s = strings.ToLower(s)
	for _, cut := range []string{"ext", "x", "#", ";"} {
		if i := strings.Index(s, cut); i > 0 {
			s = s[:i]
		}
	}
	s = strings.TrimSpace(s)
	plus := strings.HasPrefix(s, "+")
	var d []byte
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			d = append(d, s[i])
		}
	}
	digits := string(d)
	switch {
	case plus:
	case strings.HasPrefix(digits, "00"):
		digits = digits[2:]
	case strings.HasPrefix(digits, "0"):
		digits = defaultCC + digits[1:]
	case defaultCC == "1" && len(digits) == 11 && digits[0] == '1':
	default:
		digits = defaultCC + digits
	}
	if len(digits) < 7 || len(digits) > 15 {
		return ""
	}
	return digits
}
