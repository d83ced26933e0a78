package connector

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/refsync/refsync/config"
)

// relation says how a related object's fields are read from a record.
type relation struct {
	child   string // child relationship of a 1-to-many relation ("" for a parent)
	via     string // for a junction (contact roles): the parent on the child row holding the fields
	idField string // the related record's id on the child row (or on the record, for a parent)
}

// relations lists the related records of SPEC "Related records": parents are
// 1 to 1; the others are 1 to many, kept only when exactly one exists.
var relations = map[string]map[string]relation{
	"Contact": {
		"Account":     {idField: "AccountId"},
		"Opportunity": {child: "OpportunityContactRoles", via: "Opportunity", idField: "OpportunityId"},
	},
	"Opportunity": {
		"Account": {idField: "AccountId"},
		"Contact": {child: "OpportunityContactRoles", via: "Contact", idField: "ContactId"},
	},
	"Account": {
		"Contact":     {child: "Contacts", idField: "Id"},
		"Opportunity": {child: "Opportunities", idField: "Id"},
	},
}

// Fields every query reads, and the Lead conversion fields.
var (
	baseFields    = []string{"Id", "SystemModstamp", "IsDeleted"}
	convertFields = []string{"IsConverted", "ConvertedAccountId", "ConvertedContactId", "ConvertedOpportunityId"}
)

// plan is what the receiver reads of one object.
type plan struct {
	Object   string
	Own      []string            // own fields and parent paths ("Account.Name")
	Children map[string][]string // related prefix → its fields, read through a subquery
}

// newPlan collects the fields the rules, mappings and matching need of object.
func newPlan(object string, rules *config.Rules) *plan {
	p := &plan{Object: object, Children: map[string][]string{}}
	seen := map[string]bool{}
	own := func(f string) {
		if k := strings.ToLower(f); !seen[k] {
			seen[k] = true
			p.Own = append(p.Own, f)
		}
	}
	for _, f := range baseFields {
		own(f)
	}
	if object == "Lead" {
		for _, f := range convertFields {
			own(f)
		}
	}
	if object == "Lead" || object == "Contact" {
		own("MasterRecordId") // set on the records a merge deleted
	}
	add := func(o, field string) {
		if o != object {
			return
		}
		rel, name, related := strings.Cut(field, ".")
		if !related {
			own(field)
			return
		}
		r, ok := relations[object][rel]
		switch {
		case !ok:
			return // Validate refuses it; nothing to read
		case r.child == "":
			own(r.idField)
			own(field)
		default:
			p.addChild(rel, name)
		}
	}
	for _, ev := range rules.Events {
		add(ev.Object, ev.Field)
	}
	for _, m := range rules.Mappings {
		add(m.Object, m.Field)
	}
	for _, l := range [][]config.MatchField{rules.DirectFields, rules.MemberFields, rules.FuzzyFields} {
		for _, f := range l {
			add(f.Object, f.Field)
		}
	}
	return p
}

func (p *plan) addChild(rel, name string) {
	for _, f := range p.Children[rel] {
		if strings.EqualFold(f, name) {
			return
		}
	}
	p.Children[rel] = append(p.Children[rel], name)
}

// soqlTime formats t as a SOQL dateTime literal (whole seconds, UTC, rounded down).
func soqlTime(t time.Time) string {
	return t.UTC().Truncate(time.Second).Format("2006-01-02T15:04:05Z")
}

// query is SPEC step 2: every record changed at or after from, oldest first.
func (p *plan) query(from time.Time) string { return p.queryWindow(from, time.Time{}) }

// queryWindow is query with an upper SystemModstamp bound (none when before is zero).
func (p *plan) queryWindow(from, before time.Time) string {
	where := "SystemModstamp >= " + soqlTime(from)
	if !before.IsZero() {
		where += " AND SystemModstamp < " + soqlTime(before)
	}
	return fmt.Sprintf("SELECT %s FROM %s WHERE %s ORDER BY SystemModstamp, Id", p.columns(), p.Object, where)
}

// columns is the SELECT list: own fields, then one subquery per child relation.
func (p *plan) columns() string {
	cols := append([]string(nil), p.Own...)
	rels := make([]string, 0, len(p.Children))
	for rel := range p.Children {
		rels = append(rels, rel)
	}
	sort.Strings(rels)
	for _, rel := range rels {
		r := relations[p.Object][rel]
		sub := []string{r.idField}
		for _, f := range p.Children[rel] {
			if r.via != "" {
				f = r.via + "." + f
			}
			if !strings.EqualFold(f, r.idField) {
				sub = append(sub, f)
			}
		}
		cols = append(cols, fmt.Sprintf("(SELECT %s FROM %s)", strings.Join(sub, ", "), r.child))
	}
	return strings.Join(cols, ", ")
}
