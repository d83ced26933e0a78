package sfemu

import (
	"embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
)

// The three real describe captures (see describe/SOURCES.md) are the base of
// the schema; Account, OpportunityContactRole and User are built in the same
// shape by accountSchema, ocrSchema and userSchema.
//
//go:embed describe/*.json
var describeFS embed.FS

// field is one sObject field as the emulator needs it.
type field struct {
	Name       string
	Type       string // describe type: id, string, reference, datetime, ...
	Createable bool
	Updateable bool
	Nillable   bool
	Defaulted  bool
	ExternalID bool
	IDLookup   bool
	Length     int
	RefTo      []string
	RelName    string
	raw        map[string]any // describe entry
	hidden     atomic.Bool    // hidden by field-level security (HideField)
	readOnly   atomic.Bool    // visible but read only by field-level security (SetFieldReadOnly)
}

// required reports whether a create must carry the field.
func (f *field) required() bool {
	return f.Createable && !f.Nillable && !f.Defaulted && f.Type != "boolean"
}

// child is a child relationship usable in a subquery.
type child struct {
	Object string
	Field  string
}

// object is one sObject type.
type object struct {
	Name      string
	KeyPrefix string
	Fields    []*field
	byLower   map[string]*field
	relLower  map[string]*field // relationship name → reference field
	children  map[string]child  // lower relationship name → child
	raw       map[string]any    // describe body without fields
}

// schema is the org's set of objects.
type schema struct {
	objects map[string]*object // lower name → object
	order   []string
}

func (s *schema) lookup(name string) *object { return s.objects[strings.ToLower(name)] }

// field returns the field the integration user can see, or nil.
func (o *object) field(name string) *field {
	f := o.byLower[strings.ToLower(name)]
	if f == nil || f.hidden.Load() {
		return nil
	}
	return f
}

// visible lists the fields the integration user can see, in describe order.
func (o *object) visible() []*field {
	out := make([]*field, 0, len(o.Fields))
	for _, f := range o.Fields {
		if !f.hidden.Load() {
			out = append(out, f)
		}
	}
	return out
}

// newSchema builds the org schema from the embedded captures.
func newSchema() (*schema, error) {
	s := &schema{objects: map[string]*object{}}
	var tmpl map[string]map[string]any // type → a describe field entry to clone
	for _, n := range []string{"lead", "contact", "opportunity"} {
		b, err := describeFS.ReadFile("describe/sobject_" + n + "_describe.json")
		if err != nil {
			return nil, fmt.Errorf("sfemu: read %s describe: %w", n, err)
		}
		var raw map[string]any
		if err := json.Unmarshal(b, &raw); err != nil {
			return nil, fmt.Errorf("sfemu: parse %s describe: %w", n, err)
		}
		o := objectFromDescribe(raw)
		s.add(o)
		if tmpl == nil {
			tmpl = templates(o)
		}
	}
	text := func(name, label string, ext bool) *field {
		return synthField(tmpl, fieldSpec{name, "string", label, 255, true, true, nil, ""}, func(m map[string]any) {
			m["custom"], m["externalId"], m["idLookup"], m["unique"] = true, ext, ext, false
		})
	}
	s.lookup("Lead").addField(text("Referral_ID__c", "Referral ID", true))
	s.lookup("Lead").addField(text("Member_Code__c", "Member Code", false))
	s.lookup("Contact").addField(text("Referral_ID__c", "Referral ID", true))
	s.lookup("Opportunity").addField(text("Referral_ID__c", "Referral ID", true))
	contactRaw := s.lookup("Contact").raw
	s.add(synthObject(contactRaw, tmpl, "Account", "Accounts", "001", accountFields))
	s.add(synthObject(contactRaw, tmpl, "OpportunityContactRole", "Opportunity Contact Role", "00K", ocrFields))
	s.add(synthObject(contactRaw, tmpl, "User", "Users", "005", userFields))
	s.add(pushTopicObject(contactRaw, tmpl)) // streaming_topics.go
	s.add(readOnlyObject(synthObject(contactRaw, tmpl, "Organization", "Organizations", "00D", organizationFields)))
	s.add(readOnlyObject(synthObject(contactRaw, tmpl, "OpportunityStage", "Opportunity Stages", "01J", stageFields))) // stages.go
	s.add(readOnlyObject(synthObject(contactRaw, tmpl, "LeadStatus", "Lead Status Values", "01H", leadStatusFields)))
	s.add(referralDealObject(contactRaw, tmpl)) // custom.go
	s.linkChildren()
	return s, nil
}

func (s *schema) add(o *object) {
	s.objects[strings.ToLower(o.Name)] = o
	s.order = append(s.order, o.Name)
}

// linkChildren registers the child relationships between known objects.
func (s *schema) linkChildren() {
	links := []struct{ parent, rel, child, field string }{
		{"Account", "Contacts", "Contact", "AccountId"},
		{"Account", "Opportunities", "Opportunity", "AccountId"},
		{"Opportunity", "OpportunityContactRoles", "OpportunityContactRole", "OpportunityId"},
		{"Contact", "OpportunityContactRoles", "OpportunityContactRole", "ContactId"},
		{"Contact", "Opportunities", "Opportunity", "ContactId"},
		{"Account", "Referral_Deals__r", "Referral_Deal__c", "Account__c"},
	}
	for _, l := range links {
		s.lookup(l.parent).children[strings.ToLower(l.rel)] = child{l.child, l.field}
	}
}

func objectFromDescribe(raw map[string]any) *object {
	o := &object{Name: raw["name"].(string), KeyPrefix: raw["keyPrefix"].(string), raw: raw,
		byLower: map[string]*field{}, relLower: map[string]*field{}, children: map[string]child{}}
	for _, fr := range raw["fields"].([]any) {
		o.addField(fieldFromDescribe(fr.(map[string]any)))
	}
	delete(raw, "fields")
	return o
}

func (o *object) addField(f *field) {
	o.Fields = append(o.Fields, f)
	o.byLower[strings.ToLower(f.Name)] = f
	if f.RelName != "" {
		o.relLower[strings.ToLower(f.RelName)] = f
	}
}

func fieldFromDescribe(m map[string]any) *field {
	f := &field{raw: m}
	f.Name, _ = m["name"].(string)
	f.Type, _ = m["type"].(string)
	f.Createable, _ = m["createable"].(bool)
	f.Updateable, _ = m["updateable"].(bool)
	f.Nillable, _ = m["nillable"].(bool)
	f.Defaulted, _ = m["defaultedOnCreate"].(bool)
	f.ExternalID, _ = m["externalId"].(bool)
	f.IDLookup, _ = m["idLookup"].(bool)
	if l, ok := m["length"].(float64); ok {
		f.Length = int(l)
	}
	f.RelName, _ = m["relationshipName"].(string)
	if refs, ok := m["referenceTo"].([]any); ok {
		for _, r := range refs {
			f.RefTo = append(f.RefTo, r.(string))
		}
	}
	return f
}

// templates picks one describe field entry per type to clone for new fields.
func templates(o *object) map[string]map[string]any {
	t := map[string]map[string]any{}
	for _, f := range o.Fields {
		if _, ok := t[f.Type]; !ok {
			t[f.Type] = f.raw
		}
	}
	return t
}

// fieldSpec describes a synthesized field.
type fieldSpec struct {
	name, typ, label string
	length           int
	create, update   bool
	refTo            []string
	rel              string
}

func synthField(tmpl map[string]map[string]any, sp fieldSpec, edit func(map[string]any)) *field {
	base := tmpl[sp.typ]
	if base == nil {
		base = tmpl["string"]
	}
	m := make(map[string]any, len(base))
	for k, v := range base {
		m[k] = v
	}
	refs := make([]any, 0, len(sp.refTo))
	for _, r := range sp.refTo {
		refs = append(refs, r)
	}
	m["name"], m["label"], m["type"], m["length"] = sp.name, sp.label, sp.typ, sp.length
	m["createable"], m["updateable"], m["referenceTo"] = sp.create, sp.update, refs
	m["nillable"], m["custom"], m["externalId"], m["unique"], m["calculated"] = true, false, false, false, false
	m["defaultedOnCreate"] = false
	m["relationshipName"] = nil
	if sp.rel != "" {
		m["relationshipName"] = sp.rel
	}
	if edit != nil {
		edit(m)
	}
	return fieldFromDescribe(m)
}

func synthObject(base map[string]any, tmpl map[string]map[string]any, name, plural, prefix string, specs []fieldSpec) *object {
	raw := make(map[string]any, len(base))
	for k, v := range base {
		raw[k] = v
	}
	raw["name"], raw["label"], raw["labelPlural"], raw["keyPrefix"] = name, name, plural, prefix
	raw["childRelationships"], raw["recordTypeInfos"] = []any{}, []any{}
	raw["fields"] = []any{}
	o := objectFromDescribe(raw)
	for _, sp := range specs {
		o.addField(synthField(tmpl, sp, func(m map[string]any) {
			if sp.name == "Id" || sp.name == "IsDeleted" || sp.name == "CreatedDate" || sp.name == "SystemModstamp" || sp.name == "LastModifiedDate" {
				m["nillable"], m["defaultedOnCreate"] = false, true
			}
			if sp.name == "Name" && sp.create || sp.name == "OpportunityId" || sp.name == "ContactId" && name == "OpportunityContactRole" {
				m["nillable"] = false
			}
			if sp.typ == "boolean" {
				m["nillable"], m["defaultedOnCreate"] = false, true
			}
		}))
	}
	return o
}
