package plain

import (
	"fmt"
	"regexp"
)

// DuplicateMatch is how a failed push's error names a record a Salesforce
// duplicate rule matched ("; it matches Lead 00Q…"); DuplicateNamed reads it back.
func DuplicateMatch(object, recordID string) string {
	return fmt.Sprintf("; it matches %s %s", object, recordID)
}

// namedPattern finds what DuplicateMatch wrote.
var namedPattern = regexp.MustCompile(`; it matches ([A-Za-z0-9_]+) ([A-Za-z0-9]{15,18})\b`)

// DuplicateNamed reads, from the error a failed push left on a referral, the
// first existing record a Salesforce duplicate rule named, so a person can
// link the referral to it as the "link" existing-email option would have.
func DuplicateNamed(sfError string) (object, recordID string, ok bool) {
	m := namedPattern.FindStringSubmatch(sfError)
	if m == nil {
		return "", "", false
	}
	return m[1], m[2], true
}
