package connector

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	retry "github.com/refsync/refsync/connector/backoff"
	"github.com/refsync/refsync/connector/salesforce"
)

// problem is why an object's sync fails, in words an admin can act on: which
// object, which field, what to do. Problems that need a person (a permission,
// a field's security) back the object off longer than passing failures.
type problem struct {
	advice      string // "" when the error says enough (e.g. Salesforce unavailable)
	needsPerson bool
}

var noSuchColumn = regexp.MustCompile(`No such column '([^']+)' on (?:entity '([^']+)'|sobject of type (\w+))`)

// explain turns a failed poll of object into a problem.
func explain(object string, err error) problem {
	var ae *salesforce.APIError
	if err == nil || !errors.As(err, &ae) {
		return problem{}
	}
	switch ae.Code {
	case "API_DISABLED_FOR_ORG":
		return problem{needsPerson: true, advice: fmt.Sprintf("Salesforce refuses every API call of this org (API_DISABLED_FOR_ORG), so %s cannot be read: "+
			"the org's edition has no API access, or the integration user lacks the \"API Enabled\" permission — turn it on in its profile "+
			"or a permission set (Setup → Permission Sets → System Permissions → API Enabled).", object)}
	case "INSUFFICIENT_ACCESS", "INSUFFICIENT_ACCESS_OR_READONLY":
		return problem{needsPerson: true, advice: fmt.Sprintf("The integration user may not read %s (%s): grant it Read on %s — and on every object whose fields "+
			"the settings read through %s (e.g. Account, Contact) — in its profile or a permission set, or stop watching %s under Settings → Objects.",
			object, ae.Code, object, object, object)}
	case "INVALID_FIELD":
		field, on := object, object
		if m := noSuchColumn.FindStringSubmatch(ae.Message); m != nil {
			field, on = m[1], strings.TrimSpace(m[2]+m[3])
		}
		if on == "" {
			on = object
		}
		return problem{needsPerson: true, advice: fmt.Sprintf("Salesforce does not let the integration user see the field %s.%s (INVALID_FIELD), which the settings "+
			"read when syncing %s: its field-level security changed, or it was renamed or deleted. Make it visible to the integration user "+
			"(Setup → Object Manager → %s → Fields → %s → Set Field-Level Security), or remove it from Settings.", on, field, object, on, field)}
	case "INVALID_TYPE":
		return problem{needsPerson: true, advice: fmt.Sprintf("Salesforce has no object %s, or the integration user may not see it (INVALID_TYPE): "+
			"fix its API name or remove it under Settings → Objects, or grant the user Read on it.", object)}
	case "QUERY_TIMEOUT":
		return problem{advice: fmt.Sprintf("Salesforce timed out reading %s (QUERY_TIMEOUT) even for a short span of changes; the sync tries again "+
			"with a narrow window. If it keeps failing, ask Salesforce support about the object's size, or re-scan from a later date.", object)}
	}
	return problem{}
}

// backoff is how long an object waits after n failed runs in a row. Passing
// failures: none after the first, then doubling from the poll interval, at
// most 15 minutes. A problem that needs a person: 5 minutes (or the interval,
// if longer) at once, doubling to an hour — calling again sooner cannot help.
func backoff(n int, interval time.Duration, needsPerson bool) time.Duration {
	if needsPerson {
		return retry.Policy{Base: max(interval, 5*time.Minute), Max: time.Hour}.Delay(n)
	}
	if n <= 1 {
		return 0
	}
	return retry.Policy{Base: interval, Max: 15 * time.Minute}.Delay(n - 1)
}
