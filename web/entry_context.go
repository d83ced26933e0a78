package web

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// nextEntry is the entry after id in the queue filtered by from (a queue
// query string), 0 when id was the last one.
func (s *server) nextEntry(ctx context.Context, from string, id int64) (int64, error) {
	q, err := url.ParseQuery(from)
	if err != nil {
		q = url.Values{}
	}
	f, err := parseEntryFilter(q, time.Now())
	if err != nil {
		return 0, nil // a broken filter link has no next entry
	}
	f.After, f.Limit = store.EntryCursor(id), 1
	page, _, err := s.DB.ListEntries(ctx, f)
	if err != nil || len(page) == 0 {
		return 0, err
	}
	return page[0].ID, nil
}

// entryURL is the page of entry id, keeping the queue's filter for the next-entry flow.
func entryURL(id int64, from string) string {
	if from == "" {
		return fmt.Sprintf("/entries/%d", id)
	}
	return fmt.Sprintf("/entries/%d?from=%s", id, url.QueryEscape(from))
}

// retryFields are the fields a reviewer may correct before a retry: those the
// rules read for the entry's object (match fields and status change events),
// own ones only when describe lists them; the first direct field is the example.
func (s *server) retryFields(ctx context.Context, rules *config.Rules, object string) (fields []choice, example string) {
	var own *config.ObjectSchema
	if s.schema != nil {
		own, _ = s.schema.Describe(ctx, object)
	}
	add := func(f string) {
		if f == "" || slices.ContainsFunc(fields, func(c choice) bool { return c.Value == f }) {
			return
		}
		label := fieldLabel(f)
		if own != nil && !strings.Contains(f, ".") {
			sf, ok := own.Field(f)
			if !ok {
				return // the rules name a field this org does not have
			}
			if sf.Label != "" {
				label = sf.Label
			}
		}
		fields = append(fields, choice{Value: f, Label: label})
	}
	for _, list := range [][]config.MatchField{rules.DirectFields, rules.MemberFields, rules.FuzzyFields} {
		for _, m := range list {
			if m.Object == object {
				add(m.Field)
			}
		}
	}
	for _, ev := range rules.Events {
		if ev.Object == object {
			add(ev.Field)
		}
	}
	if len(fields) > 0 {
		example = fields[0].Label
	}
	return fields, example
}

// fieldLabel makes a field's API name readable when describe gives no label:
// Member_Code__c → "Member Code", Contact.Email → "Contact Email".
func fieldLabel(api string) string {
	l := strings.TrimSuffix(api, "__c")
	l = strings.NewReplacer("_", " ", ".", " ").Replace(l)
	var b strings.Builder
	for i, r := range l { // FirstName → First Name
		if i > 0 && r >= 'A' && r <= 'Z' && l[i-1] >= 'a' && l[i-1] <= 'z' {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// retryField finds the field a reviewer named, by its label or its API name.
func retryField(fields []choice, named string) (choice, bool) {
	for _, f := range fields {
		if strings.EqualFold(f.Label, named) || strings.EqualFold(f.Value, named) {
			return f, true
		}
	}
	return choice{}, false
}

// matchWords says how the entry found its referral, in words.
func matchWords(e *matching.Entry, earlier int64, rules *config.Rules) string {
	switch e.Method {
	case matching.MethodDirect:
		for _, f := range rules.DirectFields {
			if f.Object == e.Object && showValue(e.Snapshot[f.Field]) != "—" && showValue(e.Snapshot[f.Field]) != "" {
				return fmt.Sprintf("Directly: %s holds the referral's %s.", f.Field, kindNames[f.Kind])
			}
		}
		if earlier > 0 {
			return fmt.Sprintf("Directly: this Salesforce record was linked to the referral by an earlier entry, #%d.", earlier)
		}
		return "Directly: this Salesforce record (or a record it belongs to) is linked to the referral."
	case matching.MethodFuzzy:
		return fmt.Sprintf("By similarity of name, email, company and phone (%.0f%%).", e.Score*100)
	case matching.MethodMember:
		return "By the referring member named on the record: a new referral under that member."
	case matching.MethodManual:
		return "By a reviewer's choice."
	}
	return string(e.Method)
}

// compareRows set the record beside the matched referral, field by field, for
// matches that have no candidate table (direct and manual ones).
func compareRows(e *matching.Entry, r *store.Referral, rules *config.Rules) []fieldRow {
	if r == nil {
		return nil
	}
	var rows []fieldRow
	for kind, name := range salesforceFields(rules, e.Object) {
		sf, ref := "", referralValue(r, kind)
		if v := e.Snapshot[name]; v != nil {
			sf = showValue(v)
		}
		if sf == "" && ref == "" {
			continue
		}
		rows = append(rows, fieldRow{FieldScore: matching.FieldScore{Field: kind}, Salesforce: sf, Referral: ref})
	}
	slices.SortFunc(rows, func(a, b fieldRow) int { return strings.Compare(a.Field, b.Field) })
	return rows
}

// afterAction sends the reviewer on once entry id is done: to the next entry
// of the queue they opened it from, or back to that queue at its end. Without
// a queue (the entry was opened by a link) it goes to fallback.
func (s *server) afterAction(c echo.Context, id int64, msg, fallback string) error {
	raw := c.FormValue("from")
	if raw == "" {
		return s.redirectWithFlash(c, fallback, msg)
	}
	q, _ := url.ParseQuery(raw)
	from := filterQuery(q) // only the filter's own keys, encoded again
	next, err := s.nextEntry(c.Request().Context(), from, id)
	if err != nil {
		return err
	}
	if next == 0 {
		return s.redirectWithFlash(c, "/entries?"+from, msg+" That was the last entry of this queue.")
	}
	return s.redirectWithFlash(c, entryURL(next, from), msg+fmt.Sprintf(" This is the next entry, #%d.", next))
}
