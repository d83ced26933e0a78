package push

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/refsync/refsync/connector/salesforce"
)

// quote makes a SOQL string literal.
func quote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// lookup runs `SELECT cols FROM object WHERE field IN (values)` in as few
// queries as the URI budget allows and returns every record found.
func (w *Worker) lookup(ctx context.Context, object, cols, field string, values []string) ([]salesforce.Record, error) {
	prefix := "SELECT " + cols + " FROM " + object + " WHERE " + field + " IN ("
	budget := w.URIBudget - len("/services/data/v62.0/query?q=") - len(url.QueryEscape(prefix+")"))
	var out []salesforce.Record
	for len(values) > 0 {
		var b strings.Builder
		size, n := 0, 0
		for n < len(values) {
			lit := quote(values[n])
			cost := len(url.QueryEscape(lit)) + 3 // the comma, escaped
			if n > 0 && size+cost > budget {
				break
			}
			if n > 0 {
				b.WriteByte(',')
			}
			b.WriteString(lit)
			size, n = size+cost, n+1
		}
		values = values[n:]
		err := w.SF.Query(ctx, prefix+b.String()+")", func(p salesforce.Page) error {
			out = append(out, p.Records...)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("push: look up %s by %s: %w", object, field, err)
		}
	}
	return out, nil
}

// sfTime parses a Salesforce datetime ("2026-01-02T03:04:05.000+0000").
func sfTime(v any) time.Time {
	s, _ := v.(string)
	for _, layout := range []string{"2006-01-02T15:04:05.000-0700", time.RFC3339Nano} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

// existing is a record of the push object that already has a referral's email.
type existing struct {
	ID      string
	Created time.Time
}

// byEmail looks up records of the object with the items' emails, oldest first per lower-cased email.
func (w *Worker) byEmail(ctx context.Context, object string, items []Item) (map[string][]existing, error) {
	seen := map[string]bool{}
	var emails []string
	for _, it := range items {
		e := strings.ToLower(strings.TrimSpace(it.Referral.Email))
		if e != "" && !seen[e] {
			seen[e] = true
			emails = append(emails, e)
		}
	}
	out := map[string][]existing{}
	if len(emails) == 0 {
		return out, nil
	}
	recs, err := w.lookup(ctx, object, "Id, Email, CreatedDate", "Email", emails)
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		e, _ := r["Email"].(string)
		e = strings.ToLower(e)
		out[e] = append(out[e], existing{ID: r.ID(), Created: sfTime(r["CreatedDate"])})
	}
	for _, list := range out {
		sort.Slice(list, func(i, j int) bool { return list[i].Created.Before(list[j].Created) })
	}
	return out, nil
}

// byReferralID finds records already carrying the referral ids (made by an earlier, interrupted attempt).
func (w *Worker) byReferralID(ctx context.Context, object, field string, ids []string) (map[string]string, error) {
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	recs, err := w.lookup(ctx, object, "Id, "+field, field, ids)
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		if v, _ := r[field].(string); v != "" && out[v] == "" {
			out[v] = r.ID()
		}
	}
	return out, nil
}
