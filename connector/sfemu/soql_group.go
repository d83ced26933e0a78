package sfemu

import (
	"fmt"
	"strings"
)

// aggCol is one aggregate column: COUNT(f), COUNT_DISTINCT(f), SUM, AVG, MIN, MAX.
type aggCol struct {
	alias, fn string
	acc       *accessor // nil for COUNT()
}

// groupCol is a plain field of an aggregate query (a GROUP BY key, or one selected beside aggregates).
type groupCol struct {
	name, path string
	acc        *accessor
	pos        int
}

// key identifies a resolved path, for duplicate detection.
func (a *accessor) key() string {
	var b strings.Builder
	for _, s := range a.steps {
		b.WriteString(strings.ToLower(s.Name) + ".")
	}
	b.WriteString(strings.ToLower(a.final.Name))
	return b.String()
}

// flagFalse reports whether the field's describe sets flag (sortable, filterable, groupable) to false.
func flagFalse(f *field, flag string) bool {
	v, ok := f.raw[flag].(bool)
	return ok && !v
}

// strict refuses what the org refuses before it looks at names.
func (b *binder) strict(q *Query) *SOQLError {
	if q.Offset > 2000 {
		return &SOQLError{Code: "NUMBER_OUTSIDE_VALID_RANGE", Pos: -1, Msg: "Maximum SOQL offset allowed is 2000", q: b.q}
	}
	for _, it := range q.Select {
		if (it.Fields == "ALL" || it.Fields == "CUSTOM") && (q.Limit < 0 || q.Limit > 200) {
			return b.fail("MALFORMED_QUERY", it.Pos, "The SOQL FIELDS function must have a LIMIT of at most 200")
		}
	}
	return nil
}

// fieldsFn expands FIELDS(ALL | STANDARD | CUSTOM) into the object's fields.
func (b *binder) fieldsFn(p *plan, o *object, it Item, seen map[string]bool) *SOQLError {
	for _, f := range o.visible() {
		custom := strings.HasSuffix(f.Name, "__c")
		if it.Fields == "STANDARD" && custom || it.Fields == "CUSTOM" && !custom {
			continue
		}
		a := &accessor{final: f}
		if seen[a.key()] {
			return &SOQLError{Code: "INVALID_FIELD", Pos: -1, Msg: "duplicate field selected: " + f.Name, q: b.q}
		}
		seen[a.key()] = true
		p.cols = addPath(p.cols, a, b)
		p.plain = append(p.plain, groupCol{name: f.Name, path: f.Name, acc: a, pos: it.Pos})
	}
	return nil
}

// aggColumn binds COUNT(f), COUNT_DISTINCT(f), SUM(f), AVG(f), MIN(f) or MAX(f).
func (b *binder) aggColumn(p *plan, o *object, it Item) *SOQLError {
	a, err := b.resolve(o, it.Path, it.Pos)
	if err != nil {
		return err
	}
	num := valueClass(a.final) == "number"
	if (it.Agg == "SUM" || it.Agg == "AVG") && !num {
		return b.fail("MALFORMED_QUERY", it.Pos, "field %s does not support aggregate operator %s", a.final.Name, it.Agg)
	}
	alias := it.Alias
	if alias == "" {
		alias = fmt.Sprintf("expr%d", len(p.aggs))
	}
	p.aggs = append(p.aggs, aggCol{alias: alias, fn: it.Agg, acc: a})
	return nil
}

// grouping binds GROUP BY and checks that plain fields beside aggregates are grouped.
func (b *binder) grouping(p *plan, o *object, q *Query) *SOQLError {
	for _, g := range q.GroupBy {
		a, err := b.resolve(o, g.Path, g.Pos)
		if err != nil {
			return err
		}
		if flagFalse(a.final, "groupable") {
			return b.fail("MALFORMED_QUERY", g.Pos, "field '%s' can not be grouped in a query call", a.final.Name)
		}
		p.group = append(p.group, groupCol{name: a.final.Name, path: g.Path, acc: a, pos: g.Pos})
	}
	if len(p.aggs) == 0 && len(p.group) == 0 {
		return nil
	}
	for _, c := range p.plain {
		grouped := false
		for _, g := range p.group {
			grouped = grouped || g.acc.key() == c.acc.key()
		}
		if !grouped {
			return b.fail("MALFORMED_QUERY", c.pos, "Field must be grouped or aggregated: %s", c.name)
		}
	}
	for _, n := range p.cols {
		if n.sub != nil {
			return b.fail("MALFORMED_QUERY", 0, "Nested queries are not supported in aggregate queries")
		}
	}
	return nil
}

// semiJoin binds `field IN (SELECT one id field FROM …)`: the inner query
// is run once, on first use, into a set of ids.
func (b *binder) semiJoin(o *object, c *Cmp, a *accessor) (pred, *SOQLError) {
	sp, err := b.bind(c.Sub)
	if err != nil {
		return nil, err
	}
	if len(sp.plain) != 1 || len(sp.aggs) > 0 || (sp.plain[0].acc.final.Type != "id" && sp.plain[0].acc.final.Type != "reference") {
		return nil, b.fail("MALFORMED_QUERY", c.Pos, "The selected field in a semi join subquery must be an Id or a reference field")
	}
	if t := a.final.Type; t != "id" && t != "reference" {
		return nil, b.fail("INVALID_FIELD", c.Pos, "Invalid semi join field: %s. It must be an Id or a reference field.", a.final.Name)
	}
	in := c.Op == "IN"
	inner := sp.plain[0].acc
	var set map[string]bool
	return func(s *Server, r *record) bool {
		if set == nil {
			set = map[string]bool{}
			for _, row := range s.selectRows(sp, false) {
				if v, ok := inner.get(s, row).(string); ok {
					set[v] = true
				}
			}
		}
		v, _ := a.get(s, r).(string)
		return set[v] == in
	}, nil
}
