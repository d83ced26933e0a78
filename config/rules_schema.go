package config

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ObjectSchema is what Salesforce's describe says about one object: its
// fields with their labels, types and picklist values.
type ObjectSchema struct {
	Name   string
	Label  string
	Fields []FieldSchema
}

// FieldSchema is one field of an ObjectSchema.
type FieldSchema struct {
	Name     string
	Label    string
	Type     string   // describe type: string, picklist, currency, double, boolean, reference, …
	Picklist []string // the active values of a picklist or multipicklist field
	Compound string   // the compound field this one is a component of (MailingAddress for MailingCity)
	// NotCreateable and NotUpdateable are describe's createable and updateable
	// turned round, so that a schema built without them allows writes.
	NotCreateable, NotUpdateable bool
}

// Field returns the field with this API name (case-insensitive, as SOQL is), and whether it exists.
func (o *ObjectSchema) Field(name string) (FieldSchema, bool) {
	for _, f := range o.Fields {
		if strings.EqualFold(f.Name, name) {
			return f, true
		}
	}
	return FieldSchema{}, false
}

// IsNumber reports whether the field holds a number (what the referral's amount needs).
func (f FieldSchema) IsNumber() bool {
	return slices.Contains([]string{"currency", "double", "int", "long", "percent"}, f.Type)
}

// IsPicklist reports whether the field only takes values from a list.
func (f FieldSchema) IsPicklist() bool { return f.Type == "picklist" || f.Type == "multipicklist" }

// ValidateSchema checks the rules against the org: every watched object
// exists (objects lists the org's object names for suggestions; nil skips
// them), every field exists, picklist values are values of their field,
// is_true is used on checkboxes only and amount is mapped from a number.
// Each message names the value and the allowed ones.
func (r *Rules) ValidateSchema(objects []string, describe func(object string) (*ObjectSchema, error)) error {
	cache := map[string]*ObjectSchema{}
	var e errs
	for i, o := range r.Objects {
		s, err := describe(o)
		if err != nil {
			e.add("objects[%d]: %s", i, objectProblem(o, objects, err))
			continue
		}
		cache[strings.ToLower(o)] = s
		for _, need := range SyncFields {
			if _, ok := s.Field(need); !ok {
				e.add("objects[%d]: %s cannot be watched: it has no %s field, which the sync needs (%s); watch Lead, Contact, Account, Opportunity or a custom object (ending in __c)",
					i, o, need, syncFieldUse[need])
				break
			}
		}
	}
	if len(e) > 0 {
		return errors.Join(e...) // fields of an unknown object cannot be checked yet
	}
	look := func(object string) (*ObjectSchema, error) {
		if s, ok := cache[strings.ToLower(object)]; ok {
			return s, nil
		}
		s, err := describe(object)
		if err == nil {
			cache[strings.ToLower(object)] = s
		}
		return s, err
	}
	err := r.ValidateFields(func(object string) ([]string, error) {
		s, err := look(object)
		if err != nil {
			return nil, err
		}
		names := make([]string, len(s.Fields))
		for i, f := range s.Fields {
			names[i] = f.Name
		}
		return names, nil
	})
	if err != nil {
		return err // a missing field first; its type cannot be checked
	}
	field := func(object, name string) (FieldSchema, string, bool) {
		if rel, n, ok := strings.Cut(name, "."); ok {
			object, name = rel, n
		}
		s, err := look(object)
		if err != nil {
			return FieldSchema{}, object, false
		}
		f, ok := s.Field(name)
		return f, object, ok
	}
	r.checkCompound(&e, field, look)
	r.checkWritable(&e, field)
	r.checkEventTypes(&e, field)
	r.checkMappingTypes(&e, field, look)
	return errors.Join(e...)
}

// SyncFields are the fields every watched object must have: the sync pages by
// SystemModstamp and Id and notices deletions through IsDeleted (queryAll).
var SyncFields = []string{"Id", "SystemModstamp", "IsDeleted"}

var syncFieldUse = map[string]string{
	"Id":             "to tell records apart",
	"SystemModstamp": "to find changed records",
	"IsDeleted":      "to notice deleted records",
}

// unwatchable are objects that can never be watched, refused even without
// Salesforce's describe (User has no IsDeleted: every sync of it failed).
var unwatchable = map[string]string{"user": "User"}

// objectProblem says why an object cannot be watched, with close names when the org's list is known.
func objectProblem(o string, objects []string, err error) string {
	if len(objects) == 0 {
		return fmt.Sprintf("cannot read the object %q from Salesforce (%v); check the API name, or save again once Salesforce answers", o, err)
	}
	names := make(map[string]string, len(objects))
	for _, n := range objects {
		names[strings.ToLower(n)] = n
	}
	if _, ok := names[strings.ToLower(o)]; ok {
		return fmt.Sprintf("cannot read the object %q from Salesforce (%v); try again or check its permissions", o, err)
	}
	msg := fmt.Sprintf("Salesforce has no object %q", o)
	if close := ClosestNames(o, names, 3); len(close) > 0 {
		msg += "; did you mean " + strings.Join(close, ", ") + "?"
	} else {
		msg += "; pick one from the list (standard objects: Lead, Contact, Account, Opportunity; custom ones end in __c)"
	}
	return msg
}

type fieldLookup func(object, name string) (FieldSchema, string, bool)

// checkEventTypes refuses picklist values the field does not have and is_true on a non-checkbox.
func (r *Rules) checkEventTypes(e *errs, field fieldLookup) {
	for i, ev := range r.Events {
		f, object, ok := field(ev.Object, ev.Field)
		if !ok {
			continue
		}
		key := fmt.Sprintf("events[%d]", i)
		if ev.Operator == OpIsTrue && f.Type != "boolean" {
			e.add("%s.operator: is_true needs a checkbox field, but %s %s is a %s field; use equals with a value", key, object, f.Name, f.Type)
			continue
		}
		if !f.IsPicklist() || len(f.Picklist) == 0 || ev.Operator == OpContains || ev.Operator == OpIsTrue {
			continue
		}
		values := []string{ev.Value}
		if ev.Operator == OpIn {
			values = splitList(ev.Value)
		}
		for _, v := range values {
			if slices.Contains(f.Picklist, v) {
				continue
			}
			e.add("%s.value: %q is not a value of %s %s; %s", key, v, object, f.Name, allowedValues(v, f.Picklist))
		}
	}
}

// splitList splits an "in" operator's comma-separated values.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// allowedValues lists a picklist's values, the closest to v first when it is a near miss.
func allowedValues(v string, list []string) string {
	names := make(map[string]string, len(list))
	for _, p := range sameMeaning(v, list) { // never a value of the opposite meaning (meaning.go)
		names[strings.ToLower(p)] = p
	}
	msg := "allowed: " + quoteList(list)
	if close := ClosestNames(v, names, 1); len(close) > 0 {
		msg = fmt.Sprintf("did you mean %q? Allowed: %s", close[0], quoteList(list))
	}
	return msg
}

func quoteList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// checkMappingTypes refuses a non-number field mapped onto the referral's amount.
func (r *Rules) checkMappingTypes(e *errs, field fieldLookup, look func(string) (*ObjectSchema, error)) {
	for i, m := range r.Mappings {
		f, object, ok := field(m.Object, m.Field)
		if !ok || m.Target != "amount" || f.IsNumber() {
			continue
		}
		var numbers []string
		if s, err := look(object); err == nil {
			for _, nf := range s.Fields {
				if nf.IsNumber() {
					numbers = append(numbers, nf.Name)
				}
			}
		}
		prefix := ""
		if rel, _, ok := strings.Cut(m.Field, "."); ok {
			prefix = rel + "."
		}
		for j := range numbers {
			numbers[j] = prefix + numbers[j]
		}
		hint := "map a number field (currency, number or percent) to amount"
		if len(numbers) > 0 {
			hint = "number fields of " + object + ": " + strings.Join(numbers, ", ")
		}
		e.add("mappings[%d].field: %s %s is a %s field, but the referral's amount needs a number; %s", i, object, f.Name, f.Type, hint)
	}
}

// checkWritable refuses a field refsync writes (push: create; status write-back:
// update) that Salesforce does not let the API set: a formula, an auto number,
// a system field.
func (r *Rules) checkWritable(e *errs, field fieldLookup) {
	for _, ref := range r.FieldRefs() {
		f, on, ok := field(ref.Object, ref.Field)
		if !ok || ref.Write == "" {
			continue
		}
		if (ref.Write == "create" && f.NotCreateable) || (ref.Write == "update" && f.NotUpdateable) {
			doing := map[string]string{"create": "set it on the records it creates", "update": "write the status into it"}[ref.Write]
			e.add("%s: %s %s is read-only for the API (a formula, an auto number, a system field, or field-level security makes it read only for the integration user), so refsync cannot %s; make it editable for that user in Salesforce or choose a field the API may write",
				ref.Key, on, f.Name, doing)
		}
	}
}
