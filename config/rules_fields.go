package config

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/agnivade/levenshtein"
)

// FieldRef is one field name the rules use, with where it is used.
type FieldRef struct {
	Key    string // e.g. "events[0].field"
	Object string // the object whose field it is (the related object for "Account.Name")
	Field  string // the plain field name on Object
	Write  string // "create" or "update" when refsync writes the field in Salesforce, "" when it only reads it
}

// FieldRefs lists every field name the rules use, related ones resolved to
// their object ("Account.Name" on Opportunity is Name on Account).
func (r *Rules) FieldRefs() []FieldRef {
	var out []FieldRef
	add := func(key, object, field string) {
		if rel, name, ok := strings.Cut(field, "."); ok {
			object, field = rel, name
		}
		out = append(out, FieldRef{Key: key, Object: object, Field: field})
	}
	for i, ev := range r.Events {
		add(fmt.Sprintf("events[%d].field", i), ev.Object, ev.Field)
	}
	for i, m := range r.Mappings {
		add(fmt.Sprintf("mappings[%d].field", i), m.Object, m.Field)
	}
	for _, l := range []struct {
		name string
		fs   []MatchField
	}{{"direct_fields", r.DirectFields}, {"member_fields", r.MemberFields}, {"fuzzy_fields", r.FuzzyFields}} {
		for i, f := range l.fs {
			add(fmt.Sprintf("%s[%d].field", l.name, i), f.Object, f.Field)
		}
	}
	return append(out, r.Push.fieldRefs()...)
}

// fieldRefs are the Salesforce fields a push writes on its object: each must
// exist there (checked against describe with the rules' other fields).
func (p PushRules) fieldRefs() []FieldRef {
	var out []FieldRef
	for i, st := range p.StatusTargets {
		out = append(out, FieldRef{Key: fmt.Sprintf("push.status_targets[%d].field", i), Object: st.Object, Field: st.Field, Write: "update"})
		if st.ChangedField != "" {
			out = append(out, FieldRef{Key: fmt.Sprintf("push.status_targets[%d].changed_field", i), Object: st.Object, Field: st.ChangedField, Write: "update"})
		}
	}
	if p.Object == "" {
		return out
	}
	add := func(key, field string) {
		if field != "" {
			out = append(out, FieldRef{Key: "push." + key, Object: p.Object, Field: field, Write: "create"})
		}
	}
	add("referral_id_field", p.ReferralIDField)
	add("source_note_field", p.SourceNoteField)
	add("referral_url_field", p.ReferralURLField)
	add("member_url_field", p.MemberURLField)
	if p.Object == "Lead" && p.LeadSource != "" {
		add("lead_source", "LeadSource")
	}
	for _, f := range p.MemberFields {
		add("member_fields."+f, p.MemberFieldTarget(f))
	}
	keys := make([]string, 0, len(p.CustomFields))
	for k := range p.CustomFields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		add("custom_fields."+k, p.CustomFields[k])
	}
	return out
}

// ValidateFields checks every field name the rules use against describe,
// which returns the field names of an object. An unknown name is refused with
// the closest real names; an object describe cannot answer is reported once.
func (r *Rules) ValidateFields(describe func(object string) ([]string, error)) error {
	known := map[string]map[string]string{} // object → lower name → name
	failed := map[string]bool{}
	var e errs
	for _, ref := range r.FieldRefs() {
		names, ok := known[ref.Object]
		if !ok && !failed[ref.Object] {
			list, err := describe(ref.Object)
			if err != nil {
				failed[ref.Object] = true
				e.add("%s: cannot read the fields of %s from Salesforce: %w", ref.Key, ref.Object, err)
				continue
			}
			names = make(map[string]string, len(list))
			for _, n := range list {
				names[strings.ToLower(n)] = n
			}
			known[ref.Object] = names
		}
		if failed[ref.Object] {
			continue
		}
		if _, ok := names[strings.ToLower(ref.Field)]; ok {
			continue
		}
		msg := fmt.Sprintf("%s: %s has no field %q", ref.Key, ref.Object, ref.Field)
		if close := ClosestNames(ref.Field, names, 3); len(close) > 0 {
			msg += "; did you mean " + strings.Join(close, ", ") + "?"
		} else {
			msg += "; its fields: " + fieldList(names, 40)
		}
		e = append(e, errors.New(msg))
	}
	return errors.Join(e...)
}

// ClosestNames returns up to n of names (lower name → name) closest to s by
// edit distance, ignoring case, nearest first; far-off names are left out.
func ClosestNames(s string, names map[string]string, n int) []string {
	type cand struct {
		name string
		d    int
	}
	ls := strings.ToLower(s)
	limit := max(2, len(ls)/3)
	var cs []cand
	for lower, name := range names {
		d := levenshtein.ComputeDistance(ls, lower)
		if d <= limit || strings.Contains(lower, ls) || strings.Contains(ls, lower) && len(lower) > 3 {
			cs = append(cs, cand{name, d})
		}
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].d != cs[j].d {
			return cs[i].d < cs[j].d
		}
		return cs[i].name < cs[j].name
	})
	var out []string
	for _, c := range cs {
		if len(out) == n {
			break
		}
		out = append(out, c.name)
	}
	return out
}

// fieldList lists up to n of names (lower name → name), sorted, saying how many more there are.
func fieldList(names map[string]string, n int) string {
	all := make([]string, 0, len(names))
	for _, v := range names {
		all = append(all, v)
	}
	sort.Strings(all)
	if len(all) > n {
		return strings.Join(all[:n], ", ") + fmt.Sprintf(" and %d more (the field box lists them all)", len(all)-n)
	}
	return strings.Join(all, ", ")
}
