package store

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// FieldLimits are the longest values (in characters) the CSV import and the
// API accept, per field: the lengths of the Salesforce Lead fields they are
// pushed to (sobject describe: FirstName 40, LastName 80, Email 80, Phone 40,
// Company 255, Street 255, City 40, State 80, PostalCode 20), so a push never
// fails on length. Other text fields take up to DefaultFieldLimit.
var FieldLimits = map[string]int{
	"first_name": 40, "last_name": 80, "email": 80, "phone": 40, "company": 255, "street": 255,
	"city": 40, "state": 80, "postal_code": 20, "referral_id": 64, "member_code": 80, "referral_code": 80,
}

// DefaultFieldLimit is the longest value of a text field without its own limit.
const DefaultFieldLimit = 255

// FieldError is a refused value, naming its field and saying what to do.
type FieldError struct {
	Field string
	Msg   string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Msg }

// CheckText checks one text field: valid UTF-8, no control characters (a
// street may hold line breaks, as Salesforce's Street does), and no longer
// than the field's limit. It returns nil for a good value.
func CheckText(field, v string) *FieldError {
	if !utf8.ValidString(v) {
		return &FieldError{field, "is not valid UTF-8 text; save the file as UTF-8"}
	}
	for i, r := range v {
		if (r == '\n' || r == '\r') && field == "street" {
			continue
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return &FieldError{field, fmt.Sprintf("contains a control character (U+%04X at character %d); remove it", r, utf8.RuneCountInString(v[:i])+1)}
		}
		if unicode.Is(unicode.Cf, r) { // bidi overrides (U+202E), zero-width spaces (U+200B), byte order marks (U+FEFF)…
			return &FieldError{field, fmt.Sprintf("contains an invisible formatting character (U+%04X at character %d), which can make text read differently than it is; remove it",
				r, utf8.RuneCountInString(v[:i])+1)}
		}
	}
	if v != "" && strings.TrimSpace(v) == "" {
		return &FieldError{field, "is only spaces; write a value or leave it empty"}
	}
	limit := DefaultFieldLimit
	if l, ok := FieldLimits[field]; ok {
		limit = l
	}
	if n := utf8.RuneCountInString(v); n > limit {
		return &FieldError{field, fmt.Sprintf("is %d characters long; at most %d fit (Salesforce's limit)", n, limit)}
	}
	return nil
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`)

// ValidID reports whether s can be a referral or member id: 1 to 64 letters,
// digits, '_' or '-', starting with a letter or digit (refsync's own look like
// ref_k3h…). Ids end up in links, so nothing else is allowed.
func ValidID(s string) bool { return idPattern.MatchString(s) }

// CheckID checks an optional id field.
func CheckID(field, v string) *FieldError {
	if v != "" && !ValidID(v) {
		return &FieldError{field, fmt.Sprintf("%q is not an id: use 1 to 64 letters, digits, _ or -", truncate(v, 40))}
	}
	return nil
}

// CheckReferral checks the id and every text field of r, returning the first problem.
func CheckReferral(r *Referral) *FieldError {
	if err := CheckID("referral_id", r.ID); err != nil {
		return err
	}
	for _, f := range []struct{ name, v string }{{"external_id", r.ExternalID}, {"first_name", r.FirstName},
		{"last_name", r.LastName}, {"email", r.Email}, {"phone", r.Phone}, {"company", r.Company}, {"street", r.Street},
		{"city", r.City}, {"state", r.State}, {"postal_code", r.PostalCode}, {"member_code", r.MemberCode}} {
		if err := CheckText(f.name, f.v); err != nil {
			return err
		}
	}
	for k, v := range r.Custom {
		if err := CheckText("custom."+k, v); err != nil {
			return err
		}
	}
	return nil
}

// CheckMember checks every text field of m, returning the first problem.
func CheckMember(m *Member) *FieldError {
	for _, f := range []struct{ name, v string }{{"member_code", m.ReferralCode}, {"external_id", m.ExternalID},
		{"first_name", m.FirstName}, {"last_name", m.LastName}, {"email", m.Email}, {"phone", m.Phone}} {
		if err := CheckText(f.name, f.v); err != nil {
			return err
		}
	}
	return nil
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// Latin1ToUTF8 reads s as Windows-1252 (the usual "Latin-1" of spreadsheet
// exports: ISO 8859-1 plus quotes, dashes and € in 0x80–0x9F).
func Latin1ToUTF8(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 0x80:
			b.WriteByte(c)
		case c < 0xA0 && cp1252[c-0x80] != 0:
			b.WriteRune(cp1252[c-0x80])
		default:
			b.WriteRune(rune(c))
		}
	}
	return b.String()
}

// cp1252 maps 0x80–0x9F of Windows-1252 (0: undefined, kept as the C1 code,
// which CheckText then refuses).
var cp1252 = [32]rune{'€', 0, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0, 'Ž', 0,
	0, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0, 'ž', 'Ÿ'}
