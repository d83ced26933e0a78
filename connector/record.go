package connector

import (
	"fmt"
	"strings"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/plain"
	"github.com/refsync/refsync/connector/salesforce"
	"github.com/refsync/refsync/matching"
)

// getField reads key from m, exactly or ignoring case (SOQL names are case-insensitive).
func getField(m map[string]any, key string) any { return plain.Field(m, key) }

// getPath reads "Field" or "Parent.Field" from a record as JSON decoded it.
func getPath(m map[string]any, path string) any {
	parent, name, nested := strings.Cut(path, ".")
	if !nested {
		return getField(m, path)
	}
	pm, _ := getField(m, parent).(map[string]any)
	if pm == nil {
		return nil
	}
	return getPath(pm, name)
}

// FieldText is a field of a record's snapshot as text, as rules compare it ("" when absent).
func FieldText(snap map[string]any, field string) string { return plain.FieldText(snap, field) }

// valueString renders a field value as rules compare it.
func valueString(v any) string { return plain.Text(v) }

// childRows returns the records of a subquery result (nil when there are none).
func childRows(v any) []map[string]any {
	m, _ := v.(map[string]any)
	if m == nil {
		return nil
	}
	list, _ := m["records"].([]any)
	out := make([]map[string]any, 0, len(list))
	for _, x := range list {
		if r, ok := x.(map[string]any); ok {
			out = append(out, r)
		}
	}
	return out
}

// snapshot flattens a record into the fields the rules read: own fields,
// parents as "Account.Name", and 1-to-many relations as "Contact.Email" only
// when exactly one related record exists (else null), with "Contact.Id".
func (p *plan) snapshot(rec salesforce.Record) map[string]any {
	snap := make(map[string]any, len(p.Own)+4)
	for _, f := range p.Own {
		snap[f] = getPath(rec, f)
	}
	for rel, fields := range p.Children {
		r := relations[p.Object][rel]
		sub, _ := getField(rec, r.child).(map[string]any)
		rows := childRows(sub)
		ids := map[string]bool{}
		for _, row := range rows {
			ids[valueString(getField(row, r.idField))] = true
		}
		var one map[string]any
		if len(ids) == 1 && len(rows) > 0 && childComplete(sub) { // rows short of totalSize may hold others
			one = rows[0]
			snap[rel+".Id"] = valueString(getField(one, r.idField))
		} else {
			snap[rel+".Id"] = nil
		}
		for _, f := range fields {
			var v any
			if one != nil {
				if r.via != "" {
					v = getPath(one, r.via+"."+f)
				} else {
					v = getField(one, f)
				}
			}
			snap[rel+"."+f] = v
		}
	}
	return snap
}

// holds reports whether the event's condition is true for value v.
func holds(ev config.Event, v any) bool {
	s := strings.TrimSpace(valueString(v))
	switch ev.Operator {
	case config.OpEquals:
		return strings.EqualFold(s, strings.TrimSpace(ev.Value))
	case config.OpNotEquals:
		return s != "" && !strings.EqualFold(s, strings.TrimSpace(ev.Value))
	case config.OpContains:
		return ev.Value != "" && strings.Contains(strings.ToLower(s), strings.ToLower(ev.Value))
	case config.OpIn:
		for _, x := range strings.Split(ev.Value, ",") {
			if strings.EqualFold(s, strings.TrimSpace(x)) {
				return true
			}
		}
	case config.OpIsTrue:
		return s == "true"
	}
	return false
}

// firedEvent returns the first status change event of object that the record
// entered: true now, and not true in the previous snapshot (nil: first seen).
func firedEvent(rules *config.Rules, object string, prev, cur map[string]any) *config.Event {
	for i := range rules.Events {
		ev := &rules.Events[i]
		if ev.Object != object || !holds(*ev, getField(cur, ev.Field)) {
			continue
		}
		if prev == nil || !holds(*ev, getField(prev, ev.Field)) {
			return ev
		}
	}
	return nil
}

// ruleWords describes a fired event for people.
func ruleWords(ev *config.Event) string {
	verb := map[string]string{config.OpEquals: "entered", config.OpNotEquals: "left", config.OpContains: "now contains",
		config.OpIn: "entered one of", config.OpIsTrue: "became true"}[ev.Operator]
	if ev.Operator == config.OpIsTrue {
		return fmt.Sprintf("%s.%s became true → %s", ev.Object, ev.Field, ev.Status)
	}
	return fmt.Sprintf("%s.%s %s %q → %s", ev.Object, ev.Field, verb, ev.Value, ev.Status)
}

// salesEntry is the record as the matcher sees it.
func salesEntry(rules *config.Rules, object string, snap map[string]any) matching.SalesEntry {
	var se matching.SalesEntry
	for _, l := range [][]config.MatchField{rules.FuzzyFields, rules.DirectFields, rules.MemberFields} {
		for _, f := range l {
			if p := salesEntryField(&se, f.Kind); p != nil && f.Object == object && *p == "" {
				*p = strings.TrimSpace(valueString(getField(snap, f.Field)))
			}
		}
	}
	return se
}

// salesEntryField is the field of se a match field of kind fills, or nil.
func salesEntryField(se *matching.SalesEntry, kind string) *string {
	switch kind {
	case "first_name":
		return &se.FirstName
	case "last_name":
		return &se.LastName
	case "email":
		return &se.Email
	case "phone":
		return &se.Phone
	case "company":
		return &se.Company
	case "street":
		return &se.Street
	case "city":
		return &se.City
	case "state":
		return &se.State
	case "postal_code":
		return &se.PostalCode
	case "referral_id":
		return &se.ReferralID
	case "external_id":
		return &se.ExternalID
	case "member_code":
		return &se.MemberCode
	}
	return nil
}

// updates are the referral fields the object's mappings set from the snapshot (null values are skipped).
func updates(rules *config.Rules, object string, snap map[string]any) map[string]string {
	var out map[string]string
	for _, m := range rules.Mappings {
		if m.Object != object {
			continue
		}
		v := getField(snap, m.Field)
		if _, compound := v.(map[string]any); v == nil || compound { // settings refuse compound fields; never write "map[…]"
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		out[m.Target] = valueString(v)
		if code := valueString(snap[currencyField]); m.Target == "amount" && code != "" {
			out["currency"] = code // the amount is in the record's currency (a multi-currency org)
		}
	}
	return out
}

// relatedIDs are the ids of records related 1 to 1 with this one whose links
// may name its referral: the single contact of an Opportunity, a converted
// Lead's Contact and Opportunity.
func relatedIDs(snap map[string]any) []string {
	var out []string
	for _, k := range []string{"Contact.Id", "ConvertedContactId", "ConvertedOpportunityId"} {
		if s := valueString(getField(snap, k)); s != "" {
			out = append(out, s)
		}
	}
	return out
}
