package sfemu

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

type pred func(s *Server, r *record) bool

// valueClass groups field types by how they compare.
func valueClass(f *field) string {
	switch f.Type {
	case "int", "double", "currency", "percent":
		return "number"
	case "boolean", "datetime", "date", "id", "reference":
		return f.Type
	}
	return "string"
}

func (b *binder) cond(o *object, c Cond) (pred, *SOQLError) {
	switch c := c.(type) {
	case *NotCond:
		x, err := b.cond(o, c.X)
		if err != nil {
			return nil, err
		}
		return func(s *Server, r *record) bool { return !x(s, r) }, nil
	case *BoolCond:
		var ps []pred
		for _, a := range c.Args {
			p, err := b.cond(o, a)
			if err != nil {
				return nil, err
			}
			ps = append(ps, p)
		}
		and := c.Op == "AND"
		return func(s *Server, r *record) bool {
			for _, p := range ps {
				if p(s, r) != and {
					return !and
				}
			}
			return and
		}, nil
	case *Cmp:
		return b.cmp(o, c)
	}
	return nil, b.fail("MALFORMED_QUERY", 0, "unexpected condition")
}

// bound is a literal turned into the stored form of its field, or a range.
type bound struct {
	null   bool
	v      any
	lo, hi string // date-literal range [lo, hi) for datetime/date fields
	ranged bool
}

func (b *binder) cmp(o *object, c *Cmp) (pred, *SOQLError) {
	a, err := b.resolve(o, c.Path, c.Pos)
	if err != nil {
		return nil, err
	}
	if flagFalse(a.final, "filterable") {
		return nil, b.fail("INVALID_FIELD", c.Pos, "field '%s' can not be filtered in a query call", a.final.Name)
	}
	if c.Sub != nil {
		return b.semiJoin(o, c, a)
	}
	class := valueClass(a.final)
	var vals []bound
	for _, l := range c.Vals {
		v, err := b.literal(a.final, class, l, c.Op == "LIKE")
		if err != nil {
			return nil, err
		}
		vals = append(vals, v)
	}
	switch c.Op {
	case "LIKE":
		if class != "string" && class != "id" && class != "reference" || vals[0].null {
			return nil, b.fail("INVALID_FIELD", c.Pos, "invalid operator on field '%s'", a.final.Name)
		}
		re := likeRegexp(vals[0].v.(string))
		return func(s *Server, r *record) bool {
			v, ok := a.get(s, r).(string)
			return ok && re.MatchString(v)
		}, nil
	case "IN", "NOTIN":
		in := c.Op == "IN"
		return func(s *Server, r *record) bool {
			v := a.get(s, r)
			for _, x := range vals {
				if match(class, v, "=", x) {
					return in
				}
			}
			return !in
		}, nil
	}
	op, x := c.Op, vals[0]
	return func(s *Server, r *record) bool { return match(class, a.get(s, r), op, x) }, nil
}

// match applies op between a stored value and a bound literal.
func match(class string, v any, op string, x bound) bool {
	if x.null || v == nil {
		eq := x.null && v == nil
		switch op {
		case "=":
			return eq
		case "!=":
			return !eq
		}
		return false
	}
	if x.ranged {
		s := v.(string)
		switch op {
		case "=":
			return s >= x.lo && s < x.hi
		case "!=":
			return s < x.lo || s >= x.hi
		case "<":
			return s < x.lo
		case "<=":
			return s < x.hi
		case ">":
			return s >= x.hi
		case ">=":
			return s >= x.lo
		}
	}
	c := compare(class, v, x.v)
	switch op {
	case "=":
		return c == 0
	case "!=":
		return c != 0
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	case ">=":
		return c >= 0
	}
	return false
}

// compare orders two non-nil stored values of one class.
func compare(class string, a, b any) int {
	switch class {
	case "number":
		x, y := a.(float64), b.(float64)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	case "boolean":
		x, y := a.(bool), b.(bool)
		switch {
		case x == y:
			return 0
		case !x:
			return -1
		}
		return 1
	case "string":
		return strings.Compare(strings.ToLower(a.(string)), strings.ToLower(b.(string)))
	}
	return strings.Compare(a.(string), b.(string))
}

// likeRegexp compiles a LIKE pattern (% any run, _ one character, \ escapes)
// into a case-insensitive regexp; invalid UTF-8 matches as U+FFFD.
func likeRegexp(pat string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("(?is)^")
	escaped := false
	for _, r := range pat {
		switch {
		case escaped:
			b.WriteString(regexp.QuoteMeta(string(r)))
			escaped = false
		case r == '\\':
			escaped = true
		case r == '%':
			b.WriteString(".*")
		case r == '_':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	if escaped {
		b.WriteString(`\\`)
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return regexp.MustCompile(`^\z.`) // matches nothing
	}
	return re
}

// literal checks l against the field's type and converts it.
func (b *binder) literal(f *field, class string, l Lit, like bool) (bound, *SOQLError) {
	if l.Kind == tkIdent && l.Text == "null" {
		return bound{null: true}, nil
	}
	bad := func(typ, quotes string) (bound, *SOQLError) {
		return bound{}, b.fail("INVALID_FIELD", l.Pos, "value of filter criterion for field '%s' must be of type %s and should %s enclosed in quotes", f.Name, typ, quotes)
	}
	switch class {
	case "string":
		if l.Kind != tkString {
			return bad("string", "be")
		}
		if !like {
			return bound{v: unescapeLike(l.Text)}, nil
		}
		return bound{v: l.Text}, nil
	case "id", "reference":
		if l.Kind != tkString {
			return bad("id", "be")
		}
		if like {
			return bound{v: l.Text}, nil
		}
		id, ok := normID(l.Text)
		if !ok {
			return bound{}, b.fail("INVALID_QUERY_FILTER_OPERATOR", l.Pos, "invalid ID field: %s", l.Text)
		}
		return bound{v: id}, nil
	case "number":
		n, err := strconv.ParseFloat(l.Text, 64)
		if l.Kind != tkNumber || err != nil {
			return bad(map[bool]string{true: "int", false: "double"}[f.Type == "int"], "not be")
		}
		return bound{v: n}, nil
	case "boolean":
		if l.Kind != tkIdent || l.Text != "true" && l.Text != "false" {
			return bad("boolean", "not be")
		}
		return bound{v: l.Text == "true"}, nil
	case "datetime", "date":
		return b.timeLiteral(f, class, l, bad)
	}
	return bad("string", "be")
}

func unescapeLike(s string) string {
	return strings.NewReplacer(`\%`, "%", `\_`, "_").Replace(s)
}

func (b *binder) timeLiteral(f *field, class string, l Lit, bad func(string, string) (bound, *SOQLError)) (bound, *SOQLError) {
	typ := map[string]string{"datetime": "dateTime", "date": "date"}[class]
	if l.Kind == tkIdent && l.Text != "true" && l.Text != "false" {
		lo, hi := dateRange(l.Text, b.now)
		if class == "date" {
			return bound{ranged: true, lo: lo.Format("2006-01-02"), hi: hi.Format("2006-01-02")}, nil
		}
		return bound{ranged: true, lo: formatTime(lo), hi: formatTime(hi)}, nil
	}
	if class == "datetime" && l.Kind == tkDateTime {
		for _, layout := range []string{"2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05.999Z07:00", "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05.999Z0700"} {
			if t, err := time.Parse(layout, l.Text); err == nil {
				return bound{v: formatTime(t)}, nil
			}
		}
	}
	if class == "date" && l.Kind == tkDate {
		if _, err := time.Parse("2006-01-02", l.Text); err == nil {
			return bound{v: l.Text}, nil
		}
	}
	return bad(typ, "not be")
}
