package api

import (
	"net/mail"
	"net/url"
	"strconv"
	"strings"

	"github.com/refsync/refsync/store"
)

// checker collects the first validation failure, naming its field.
type checker struct{ err *apiError }

func (c *checker) fail(field, format string, a ...any) {
	if c.err == nil {
		c.err = errf(codeInvalid, field, format, a...)
	}
}

// text checks an optional text field: no control characters, and no longer
// than the Salesforce field it goes to (store.FieldLimits).
func (c *checker) text(field, v string) {
	if fe := store.CheckText(field, v); fe != nil {
		c.fail(field, "%s %s", field, fe.Msg)
	}
}

// id checks an optional referral or member id against store.ValidID.
func (c *checker) id(field, v string) {
	if fe := store.CheckID(field, v); fe != nil {
		c.fail(field, "%s %s", field, fe.Msg)
	}
}

// email checks an optional email address.
func (c *checker) email(field, v string) {
	c.text(field, v)
	if v == "" {
		return
	}
	a, err := mail.ParseAddress(v)
	if err != nil || a.Address != strings.TrimSpace(v) || !strings.Contains(a.Address[strings.LastIndexByte(a.Address, '@')+1:], ".") {
		c.fail(field, "%s %q is not an email address like name@example.com", field, v)
	}
}

// phone checks an optional phone number: digits and the usual punctuation.
func (c *checker) phone(field, v string) {
	c.text(field, v)
	digits := 0
	for _, r := range v {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune("+-(). /x", r):
		default:
			c.fail(field, "%s %q may contain only digits, spaces and + - ( ) . /", field, v)
			return
		}
	}
	if v != "" && digits < 4 {
		c.fail(field, "%s %q has too few digits", field, v)
	}
}

// status checks an optional referral status.
func (c *checker) status(field, v string) {
	if v != "" && !store.ValidStatus(v) {
		c.fail(field, "%s %q must be one of pending, qualified, approved, denied", field, v)
	}
}

// custom checks custom fields: short keys, text values, at most 50.
func (c *checker) custom(field string, m map[string]string) {
	if len(m) > 50 {
		c.fail(field, "%s may hold at most 50 fields", field)
	}
	for k, v := range m {
		if k == "" || len(k) > 64 {
			c.fail(field+"."+k, "custom field names must be 1 to 64 characters")
		}
		c.text(field+"."+k, v)
	}
}

// webURL checks an absolute http(s) URL.
func (c *checker) webURL(field, v string) {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" { // its length: the target check says
		c.fail(field, "%s must be an absolute http:// or https:// URL", field)
	}
}

// limit reads the limit query parameter (1..1000).
func limitParam(q url.Values) (int, error) {
	v := q.Get("limit")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 1000 {
		return 0, errf(codeInvalid, "limit", "limit must be a whole number from 1 to 1000")
	}
	return n, nil
}

// pathID reads a numeric {id} path value.
func pathID(v string) (int64, error) {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0, errf(codeNotFound, "id", "%q is not an id this server gave out", v)
	}
	return n, nil
}
