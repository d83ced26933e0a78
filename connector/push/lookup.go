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

// MultiQuerier is optionally implemented by the Salesforce client: it runs up
// to 25 queries in one API call (POST /composite, which Salesforce counts as one
// call and whose sub-request URLs are not bound by the 16 KB URI limit) and
// returns each query's records in order, Done false when a query has more pages.
type MultiQuerier interface {
	QueryMulti(ctx context.Context, soqls []string) ([]salesforce.Page, error)
}

// MoreQuerier is optionally implemented by the Salesforce client: it continues
// a query from a page's NextRecordsURL (a lookup with more than one page of matches).
type MoreQuerier interface {
	QueryMore(ctx context.Context, nextRecordsURL string, fn func(salesforce.Page) error) error
}

// maxComposite is the most sub-requests one composite call takes.
const maxComposite = 25

// lookup runs `SELECT cols FROM object WHERE field IN (values)` in as few API
// calls as the client allows and returns every record found.
func (w *Worker) lookup(ctx context.Context, object, cols, field string, values []string) ([]salesforce.Record, error) {
	found, err := w.lookupObjects(ctx, []string{object}, cols, field, values)
	return found[object], err
}

// lookupObjects is lookup over several objects at once: their queries share
// the composite calls, so a second object costs no extra call until 25
// queries are needed. It returns the records found per object.
func (w *Worker) lookupObjects(ctx context.Context, objects []string, cols, field string, values []string) (map[string][]salesforce.Record, error) {
	mq, multi := w.SF.(MultiQuerier)
	type query struct{ object, soql string }
	var qs []query
	for _, object := range objects {
		prefix := "SELECT " + cols + " FROM " + object + " WHERE " + field + " IN ("
		var soqls []string
		if multi {
			soqls = chunkIn(prefix, values, w.SOQLBudget-len(prefix)-1, func(lit string) int { return len(lit) + 1 })
		} else {
			budget := w.URIBudget - len("/services/data/v62.0/query?q=") - len(url.QueryEscape(prefix+")"))
			soqls = chunkIn(prefix, values, budget, func(lit string) int { return len(url.QueryEscape(lit)) + 3 })
		}
		for _, q := range soqls {
			qs = append(qs, query{object, q})
		}
	}
	out := map[string][]salesforce.Record{}
	for len(qs) > 0 {
		n := 1
		if multi {
			n = min(maxComposite, len(qs))
		}
		batch := qs[:n]
		qs = qs[n:]
		if !multi {
			q := batch[0]
			err := w.SF.Query(ctx, q.soql, func(p salesforce.Page) error { out[q.object] = append(out[q.object], p.Records...); return nil })
			if err != nil {
				return nil, fmt.Errorf("push: look up %s by %s: %w", q.object, field, err)
			}
			continue
		}
		soqls := make([]string, len(batch))
		for i, q := range batch {
			soqls[i] = q.soql
		}
		pages, err := mq.QueryMulti(ctx, soqls)
		if err != nil {
			return nil, fmt.Errorf("push: look up %s by %s: %w", strings.Join(objects, " and "), field, err)
		}
		for i, p := range pages {
			q := batch[i]
			collect := func(p salesforce.Page) error { out[q.object] = append(out[q.object], p.Records...); return nil }
			if err := w.rest(ctx, q.soql, p, collect); err != nil {
				return nil, fmt.Errorf("push: look up %s by %s: %w", q.object, field, err)
			}
		}
	}
	return out, nil
}

// rest collects a composite query's first page and fetches its other pages
// (more matches than a page holds): from its nextRecordsUrl when the client
// can, else by running the query again on its own.
func (w *Worker) rest(ctx context.Context, soql string, p salesforce.Page, collect func(salesforce.Page) error) error {
	if p.Done {
		return collect(p)
	}
	if mq, ok := w.SF.(MoreQuerier); ok && p.NextRecordsURL != "" {
		if err := collect(p); err != nil {
			return err
		}
		return mq.QueryMore(ctx, p.NextRecordsURL, collect)
	}
	return w.SF.Query(ctx, soql, collect)
}

// chunkIn splits values into queries `prefix v1,v2,…)` whose values cost at most budget each.
func chunkIn(prefix string, values []string, budget int, cost func(lit string) int) []string {
	var out []string
	for len(values) > 0 {
		var b strings.Builder
		size, n := 0, 0
		for n < len(values) {
			lit := quote(values[n])
			c := cost(lit)
			if n > 0 && size+c > budget {
				break
			}
			if n > 0 {
				b.WriteByte(',')
			}
			b.WriteString(lit)
			size, n = size+c, n+1
		}
		values = values[n:]
		out = append(out, prefix+b.String()+")")
	}
	return out
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

// existing is a record (a Lead or a Contact) that already has a referral's email.
type existing struct {
	Object  string
	ID      string
	Created time.Time
}

// byEmail looks up Leads and Contacts with the items' emails: per lower-cased
// email the records of the push object first, then those of the other,
// each oldest first. The existing-email rule looks at both.
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
	objects := []string{object}
	switch object {
	case "Lead":
		objects = append(objects, "Contact")
	case "Contact":
		objects = append(objects, "Lead")
	}
	found, err := w.lookupObjects(ctx, objects, "Id, Email, CreatedDate", "Email", emails)
	if err != nil {
		return nil, err
	}
	for _, o := range objects {
		per := map[string][]existing{}
		for _, r := range found[o] {
			e, _ := r["Email"].(string)
			e = strings.ToLower(e)
			per[e] = append(per[e], existing{Object: o, ID: r.ID(), Created: sfTime(r["CreatedDate"])})
		}
		for e, list := range per {
			sort.Slice(list, func(i, j int) bool { return list[i].Created.Before(list[j].Created) })
			out[e] = append(out[e], list...)
		}
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
