package web

import (
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// funcs are the helpers every template may call.
var funcs = template.FuncMap{
	"reasonWords": matching.ReasonWords,
	"when":        when,
	"ago":         func(ts string) string { return ago(ts, time.Now()) },
	"pct":         func(f float64) string { return fmt.Sprintf("%.0f%%", math.Round(f*100)) },
	"signed":      func(f float64) string { return fmt.Sprintf("%+.2f", f) },
	"value":       showValue,
	"sortedKeys":  sortedKeys,
	"query":       query,
	"lower":       strings.ToLower,
	"join":        strings.Join,
	"add":         func(a, b int) int { return a + b },
	"plural":      plural,
	"actor":       actorWords,
	"dict":        dict,
	"who":         whoOf,
	"streamBadge": streamBadge,
	"streamKind":  streamKind,
}

// parseTime reads a stored timestamp, RFC 3339, or a SystemModstamp as Salesforce writes it.
func parseTime(ts string) (time.Time, bool) {
	for _, layout := range []string{store.TimeFormat, time.RFC3339Nano, "2006-01-02T15:04:05.000-0700"} {
		if t, err := time.Parse(layout, ts); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// when shows a timestamp as "2026-01-02 15:04 UTC" ("—" when empty).
func when(ts string) string {
	t, ok := parseTime(ts)
	if !ok {
		if ts == "" {
			return "—"
		}
		return ts
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// ago says how long before now a timestamp was ("never" when empty).
func ago(ts string, now time.Time) string {
	t, ok := parseTime(ts)
	if !ok {
		return "never"
	}
	return duration(now.Sub(t)) + " ago"
}

// duration rounds d to the unit a person reads.
func duration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "less than a minute"
	case d < time.Hour:
		return plural(int(d/time.Minute), "minute")
	case d < 48*time.Hour:
		return plural(int(d/time.Hour), "hour")
	}
	return plural(int(d/(24*time.Hour)), "day")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	if len(unit) > 1 && unit[len(unit)-1] == 'y' && !strings.ContainsRune("aeiou", rune(unit[len(unit)-2])) { // entry → entries, day → days
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(unit, "y"))
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// showValue prints a snapshot value; nested values as JSON.
func showValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "—"
	case string:
		return x
	case float64:
		return fmt.Sprint(x)
	case bool:
		return fmt.Sprint(x)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// query builds "?k=v&…" from pairs, leaving out empty values.
func query(pairs ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			q.Set(pairs[i], pairs[i+1])
		}
	}
	if len(q) == 0 {
		return "?"
	}
	return "?" + q.Encode()
}

// dict builds a map from key, value pairs, to pass several values to a partial.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// who is how the queue names the person or company of a snapshot.
type who struct{ Name, Email, Company string }

// whoOf picks the name, email and company from a snapshot, own fields first,
// then those of the related Contact and Account.
func whoOf(snap map[string]any) who {
	str := func(keys ...string) string {
		for _, k := range keys {
			if v, ok := snap[k].(string); ok && strings.TrimSpace(v) != "" {
				return strings.TrimSpace(v)
			}
		}
		return ""
	}
	w := who{Email: str("Email", "Contact.Email"), Company: str("Company", "Account.Name")}
	for _, prefix := range []string{"", "Contact."} {
		if name := strings.TrimSpace(str(prefix+"FirstName") + " " + str(prefix+"LastName")); name != "" {
			w.Name = name
			break
		}
	}
	if w.Name == "" {
		w.Name = str("Name")
	}
	if w.Company == w.Name {
		w.Company = ""
	}
	return w
}
