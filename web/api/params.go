package api

import (
	"net/http"
	"slices"
	"sort"
	"strings"
)

// queryParams are the query parameters each endpoint reads; any other is
// refused, so a misspelt filter (?program=2 for ?program_id=2) cannot
// silently list everything.
var queryParams = map[string][]string{
	"GET /referrals":                {"program_id", "status", "member_id", "q", "cursor", "limit"},
	"POST /referrals":               {"program_id"},
	"POST /referrals/bulk":          {"program_id"},
	"GET /members":                  {"program_id", "q", "cursor", "limit"},
	"POST /members":                 {"program_id"},
	"GET /entries":                  {"program_id", "outcome", "reason", "object", "q", "cursor", "limit"},
	"POST /qualify":                 {"program_id"},
	"GET /programs":                 {"archived"},
	"GET /webhooks/{id}/deliveries": {"limit"},
}

// checkQuery refuses query parameters the endpoint does not read, naming the ones it does.
func checkQuery(pattern string, r *http.Request) error {
	known := queryParams[pattern]
	var unknown []string
	for k := range r.URL.Query() {
		if !slices.Contains(known, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	takes := "takes no query parameters"
	if len(known) > 0 {
		takes = "takes only " + strings.Join(known, ", ")
	}
	return errf(codeInvalid, unknown[0], "unknown query parameter %s: %s %s (nothing was done)", strings.Join(unknown, ", "), pattern, takes)
}
