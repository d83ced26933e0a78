package web

import (
	"net/url"
	"strings"
	"unicode"
)

// safeNext keeps a redirect target (the login form's next, the bulk form's
// back) on this site: it must be a path on this origin once browsers have
// normalised it. Browsers drop tabs and newlines from URLs and read a
// backslash as a slash, so "/\t/evil.test" and "/\\evil.test" both become
// "//evil.test", another host; anything with control characters, spaces,
// backslashes, a scheme, a host or a leading "//" is refused and "/" is
// returned instead.
func safeNext(next string) string {
	if !localPath(next) {
		return "/"
	}
	return next
}

// localPath reports whether target is a path on this origin (see safeNext).
func localPath(target string) bool {
	if !plainPath(target) || len(target) > 2000 {
		return false
	}
	u, err := url.Parse(target)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return false
	}
	// Percent-encoded characters could still be decoded by something on the
	// way; the decoded path must pass the same test.
	p, err := url.PathUnescape(u.EscapedPath())
	return err == nil && plainPath(p)
}

// plainPath: starts with one slash, no backslash, control character or space.
func plainPath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") {
		return false
	}
	for _, r := range p {
		if r == '\\' || unicode.IsControl(r) || unicode.IsSpace(r) || r == unicode.ReplacementChar {
			return false
		}
	}
	return true
}

// safeBack keeps the bulk form's return address within the review queue.
func safeBack(back string) string {
	if !localPath(back) {
		return "/entries"
	}
	u, _ := url.Parse(back)
	if u.Path != "/entries" {
		return "/entries"
	}
	return back
}
