package config

import (
	"regexp"
	"strings"
)

// A suggestion for a picklist value that is not there any more must keep the
// meaning of the value the rule named: "Closed - Converted" is never answered
// with "Closed - Not Converted", nor "Closed Won" with "Closed Lost".

var negative = regexp.MustCompile(`(?i)\b(not|no|lost|lose|dead|junk|unqualified|disqualified|rejected|cancel+ed)\b|\bun-|\bdis-`)

// negated reports whether a picklist value says the opposite of winning or converting.
func negated(v string) bool { return negative.MatchString(strings.ReplaceAll(v, "_", " ")) }

// sameMeaning keeps the values of list whose sense (negated or not) is v's.
func sameMeaning(v string, list []string) []string {
	var out []string
	for _, p := range list {
		if negated(p) == negated(v) {
			out = append(out, p)
		}
	}
	return out
}
