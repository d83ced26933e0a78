package web

import (
	"context"
	"strings"

	"github.com/refsync/refsync/matching"
)

// labelsOf gives the labels of an object's fields as describe names them,
// or as fieldLabel makes them readable when describe is not at hand.
func (s *server) labelsOf(ctx context.Context, object string) func(field string) string {
	var own map[string]string
	if s.schema != nil {
		if o, err := s.schema.Describe(ctx, object); err == nil && o != nil {
			own = make(map[string]string, len(o.Fields))
			for _, f := range o.Fields {
				if f.Label != "" {
					own[f.Name] = f.Label
				}
			}
		}
	}
	return func(field string) string {
		if l := own[field]; l != "" {
			return l
		}
		return fieldLabel(field)
	}
}

// recordTitle names the record of an entry as a person knows it: its Name,
// else the person's name, else the company; "" when the snapshot has none.
func recordTitle(snap map[string]any) string {
	str := func(k string) string { s, _ := snap[k].(string); return strings.TrimSpace(s) }
	if n := str("Name"); n != "" {
		return n
	}
	if n := strings.TrimSpace(str("FirstName") + " " + str("LastName")); n != "" {
		return n
	}
	return str("Company")
}

// ruleText is the rule that fired with the field's label instead of its API
// name: "Opportunity.StageName entered …" reads "Opportunity Stage entered …".
func ruleText(e *matching.Entry, label func(string) string) string {
	field, rest, ok := strings.Cut(strings.TrimPrefix(e.Rule, e.Object+"."), " ")
	if !ok || !strings.HasPrefix(e.Rule, e.Object+".") || field == "" {
		return e.Rule
	}
	return e.Object + " " + label(field) + " " + rest
}
