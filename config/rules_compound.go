package config

import (
	"fmt"
	"strings"
)

// IsCompound reports whether the field is a compound field (an address such
// as BillingAddress, or a geolocation): Salesforce answers it as a structure,
// which refsync can neither compare in a rule nor store in a referral field.
func (f FieldSchema) IsCompound() bool { return f.Type == "address" || f.Type == "location" }

// checkCompound refuses compound fields wherever the rules read a field and
// names the component fields to use instead (BillingStreet, BillingCity, …).
func (r *Rules) checkCompound(e *errs, field fieldLookup, look func(string) (*ObjectSchema, error)) {
	check := func(key, object, name string) {
		f, on, ok := field(object, name)
		if !ok || !f.IsCompound() {
			return
		}
		prefix := ""
		if rel, _, ok := strings.Cut(name, "."); ok {
			prefix = rel + "."
		}
		var parts []string
		if s, err := look(on); err == nil {
			for _, c := range s.Fields {
				if strings.EqualFold(c.Compound, f.Name) && !strings.EqualFold(c.Name, f.Name) {
					parts = append(parts, prefix+c.Name)
				}
			}
		}
		hint := "use its component fields instead"
		if len(parts) > 0 {
			hint = "use one of its component fields instead: " + strings.Join(parts, ", ")
		}
		e.add("%s: %s %s is a compound field (%s), which Salesforce answers as a structure refsync cannot compare or store; %s",
			key, on, f.Name, f.Type, hint)
	}
	for i, ev := range r.Events {
		check(fmt.Sprintf("events[%d].field", i), ev.Object, ev.Field)
	}
	for i, m := range r.Mappings {
		check(fmt.Sprintf("mappings[%d].field", i), m.Object, m.Field)
	}
	for _, l := range []struct {
		name string
		fs   []MatchField
	}{{"direct_fields", r.DirectFields}, {"member_fields", r.MemberFields}, {"fuzzy_fields", r.FuzzyFields}} {
		for i, f := range l.fs {
			check(fmt.Sprintf("%s[%d].field", l.name, i), f.Object, f.Field)
		}
	}
}
