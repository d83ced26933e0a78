package sfemu

import (
	"fmt"
	"strings"
	"time"
)

// accessor reads a (possibly parent) field of a record.
type accessor struct {
	steps []*field // reference fields to follow
	final *field
}

// get returns the value, following parents; callers hold s.mu.
func (a *accessor) get(s *Server, r *record) any {
	for _, st := range a.steps {
		id, _ := r.f[st.Name].(string)
		if id == "" {
			return nil
		}
		if r = s.find(id); r == nil {
			return nil
		}
	}
	return r.f[a.final.Name]
}

// plan is a query bound to the schema.
type plan struct {
	obj      *object
	cols     []*node
	where    func(s *Server, r *record) bool
	order    []orderKey
	limit    int
	offset   int
	count    bool       // SELECT COUNT()
	aggs     []aggCol   // aggregate columns (COUNT(field), SUM, …)
	group    []groupCol // GROUP BY keys
	plain    []groupCol // plain fields selected beside aggregates
	childFld string     // for a subquery: the child's reference field to the parent
}

// objects lists the objects p reads: FROM, parents and subqueries.
func (p *plan) objects() []*object {
	out := []*object{p.obj}
	var walk func(ns []*node)
	walk = func(ns []*node) {
		for _, n := range ns {
			switch {
			case n.sub != nil:
				out = append(out, n.sub.objects()...)
			case n.rel != nil:
				out = append(out, n.target)
				walk(n.kids)
			}
		}
	}
	walk(p.cols)
	return out
}

// node is one output column: a field, a parent relationship or a subquery.
type node struct {
	name   string
	leaf   *field
	rel    *field
	target *object
	kids   []*node
	sub    *plan
}

type orderKey struct {
	acc       *accessor
	desc      bool
	nullsLast bool
}

func (b *binder) fail(code string, pos int, format string, args ...any) *SOQLError {
	return &SOQLError{Code: code, Pos: pos, Msg: fmt.Sprintf(format, args...), q: b.q}
}

// binder resolves names of a parsed query against the schema.
type binder struct {
	s   *schema
	q   string
	now time.Time
}

const (
	hintField = "If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names."
	hintRel   = "If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names."
	hintType  = "If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names."
)

// resolve turns "Account.Owner.Email" into an accessor on o.
func (b *binder) resolve(o *object, path string, pos int) (*accessor, *SOQLError) {
	segs := strings.Split(path, ".")
	if len(segs) > 1 && strings.EqualFold(segs[0], o.Name) {
		segs = segs[1:]
	}
	a := &accessor{}
	cur := o
	for _, seg := range segs[:len(segs)-1] {
		f := cur.relLower[strings.ToLower(seg)]
		if f != nil && f.hidden.Load() {
			f = nil
		}
		target := b.target(f)
		if target == nil {
			return nil, b.fail("INVALID_FIELD", pos, "Didn't understand relationship '%s' in field path. %s", seg, hintRel)
		}
		a.steps = append(a.steps, f)
		cur = target
	}
	last := segs[len(segs)-1]
	a.final = cur.field(last)
	if a.final == nil {
		return nil, b.fail("INVALID_FIELD", pos, "No such column '%s' on entity '%s'. %s", last, cur.Name, hintField)
	}
	return a, nil
}

func (b *binder) target(f *field) *object {
	if f == nil {
		return nil
	}
	for _, t := range f.RefTo {
		if o := b.s.lookup(t); o != nil {
			return o
		}
	}
	return nil
}

// bind builds the plan of q on the object named in FROM.
func (b *binder) bind(q *Query) (*plan, *SOQLError) {
	o := b.s.lookup(q.From)
	if o == nil {
		return nil, b.fail("INVALID_TYPE", q.FromPos, "sObject type '%s' is not supported. %s", q.From, hintType)
	}
	return b.bindOn(q, o)
}

func (b *binder) bindOn(q *Query, o *object) (*plan, *SOQLError) {
	p := &plan{obj: o, limit: q.Limit, offset: q.Offset}
	if err := b.strict(q); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, it := range q.Select {
		if err := b.column(p, o, it, seen); err != nil {
			return nil, err
		}
	}
	if p.count && (len(p.cols) > 0 || len(p.aggs) > 0) {
		return nil, b.fail("MALFORMED_QUERY", q.Select[0].Pos, "COUNT() and COUNT(field) may not be used with other fields")
	}
	if err := b.grouping(p, o, q); err != nil {
		return nil, err
	}
	if q.Where != nil {
		w, err := b.cond(o, q.Where)
		if err != nil {
			return nil, err
		}
		p.where = w
	}
	for _, ob := range q.OrderBy {
		a, err := b.resolve(o, ob.Path, ob.Pos)
		if err != nil {
			return nil, err
		}
		if flagFalse(a.final, "sortable") {
			return nil, b.fail("MALFORMED_QUERY", ob.Pos, "field '%s' can not be sorted in a query call", a.final.Name)
		}
		p.order = append(p.order, orderKey{a, ob.Desc, ob.NullsLast})
	}
	return p, nil
}

func (b *binder) column(p *plan, o *object, it Item, seen map[string]bool) *SOQLError {
	switch {
	case it.Fields != "":
		return b.fieldsFn(p, o, it, seen)
	case it.Sub != nil:
		ch, ok := o.children[strings.ToLower(it.Sub.From)]
		if !ok {
			return b.fail("INVALID_TYPE", it.Sub.FromPos, "Didn't understand relationship '%s' in FROM part of query call. %s", it.Sub.From, hintRel)
		}
		sp, err := b.bindOn(it.Sub, b.s.lookup(ch.Object))
		if err != nil {
			return err
		}
		sp.childFld = ch.Field
		name := relName(o, it.Sub.From)
		p.cols = append(p.cols, &node{name: name, sub: sp})
	case it.Count && it.Path == "":
		p.count = true
	case it.Agg != "":
		return b.aggColumn(p, o, it)
	default:
		a, err := b.resolve(o, it.Path, it.Pos)
		if err != nil {
			return err
		}
		if key := a.key(); seen[key] {
			return &SOQLError{Code: "INVALID_FIELD", Pos: -1, Msg: "duplicate field selected: " + a.final.Name, q: b.q}
		} else {
			seen[key] = true
		}
		p.cols = addPath(p.cols, a, b)
		p.plain = append(p.plain, groupCol{name: a.final.Name, acc: a, pos: it.Pos, path: it.Path})
	}
	return nil
}

// relName returns the canonical spelling of a child relationship.
func relName(o *object, name string) string {
	for _, n := range []string{"Contacts", "Opportunities", "OpportunityContactRoles", "Referral_Deals__r"} {
		if strings.EqualFold(n, name) {
			return n
		}
	}
	return name
}

// addPath merges a resolved path into the output tree.
func addPath(cols []*node, a *accessor, b *binder) []*node {
	if len(a.steps) == 0 {
		for _, c := range cols {
			if c.leaf == a.final {
				return cols
			}
		}
		return append(cols, &node{name: a.final.Name, leaf: a.final})
	}
	rel := a.steps[0]
	rest := &accessor{steps: a.steps[1:], final: a.final}
	for _, c := range cols {
		if c.rel == rel {
			c.kids = addPath(c.kids, rest, b)
			return cols
		}
	}
	n := &node{name: rel.RelName, rel: rel, target: b.target(rel)}
	n.kids = addPath(nil, rest, b)
	return append(cols, n)
}
