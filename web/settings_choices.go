package web

import (
	"context"
	"strings"

	"github.com/refsync/refsync/config"
)

// choice is one option of a searchable list: the API name and what a person reads.
type choice struct{ Value, Label string }

// choiceList is a <datalist>: the inputs name it by ID.
type choiceList struct {
	ID      string
	Options []choice
}

// settingsChoices are the settings form's searchable lists, read from describe:
// the org's objects, the fields of each watched object (own and related) and
// the values of each picklist field. Free text stays possible for what they miss.
type settingsChoices struct {
	Objects []choice
	Fields  []choiceList // ID "sf-fields-Object"
	Picks   []choiceList // ID "sf-pick-Object-Field" (Field may be "Account.Type")
}

// loadChoices reads the lists for the watched objects; objects describe cannot answer are left out.
func (s *server) loadChoices(ctx context.Context, watched []string) *settingsChoices {
	if s.schema == nil {
		return nil
	}
	ch := &settingsChoices{}
	for _, o := range s.schema.Objects(ctx) {
		ch.Objects = append(ch.Objects, choice{o.Name, o.Label})
	}
	for _, o := range watched {
		own, err := s.schema.Describe(ctx, o)
		if err != nil {
			continue
		}
		fields := choiceList{ID: "sf-fields-" + o}
		ch.addFields(&fields, o, "", own)
		for _, rel := range config.RelatedObjects[o] {
			if rs, err := s.schema.Describe(ctx, rel); err == nil {
				ch.addFields(&fields, o, rel+".", rs)
			}
		}
		ch.Fields = append(ch.Fields, fields)
	}
	return ch
}

// addFields adds the fields of sc (as prefix+Name) to list and their picklists to ch.
func (ch *settingsChoices) addFields(list *choiceList, object, prefix string, sc *config.ObjectSchema) {
	for _, f := range sc.Fields {
		label := strings.TrimSpace(strings.TrimSuffix(prefix, ".") + " " + f.Label)
		list.Options = append(list.Options, choice{prefix + f.Name, label + " · " + typeWords(f.Type)})
		if !f.IsPicklist() || len(f.Picklist) == 0 {
			continue
		}
		pl := choiceList{ID: "sf-pick-" + object + "-" + prefix + f.Name}
		for _, v := range f.Picklist {
			pl.Options = append(pl.Options, choice{v, v})
		}
		ch.Picks = append(ch.Picks, pl)
	}
}

// typeWords names a describe type as the Salesforce setup pages do.
func typeWords(t string) string {
	if w, ok := map[string]string{"string": "text", "textarea": "text area", "boolean": "checkbox", "double": "number",
		"int": "number", "long": "number", "reference": "lookup", "multipicklist": "picklist (multi-select)", "id": "record id",
		"datetime": "date/time"}[t]; ok {
		return w
	}
	return t
}
