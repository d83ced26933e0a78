package sfemu

import (
	"fmt"
	"strconv"
	"strings"
)

// Query is a parsed SOQL statement (syntax only; names are not resolved).
type Query struct {
	Select  []Item
	From    string
	FromPos int
	Where   Cond
	GroupBy []Order // GROUP BY paths (Desc and NullsLast unused)
	OrderBy []Order
	Limit   int // -1 when absent
	Offset  int // -1 when absent
	src     string
}

// Item is one entry of the SELECT list.
type Item struct {
	Path   string // field path, or the field inside COUNT(...)
	Pos    int
	Count  bool   // COUNT() or COUNT(field)
	Agg    string // aggregate function (COUNT, COUNT_DISTINCT, SUM, AVG, MIN, MAX), upper case
	Fields string // FIELDS(ALL), FIELDS(STANDARD) or FIELDS(CUSTOM): ALL, STANDARD or CUSTOM
	Alias  string // alias of an aggregate
	Sub    *Query // child-relationship subquery
}

// Order is one ORDER BY key.
type Order struct {
	Path      string
	Pos       int
	Desc      bool
	NullsLast bool
}

// Cond is a WHERE condition: *BoolCond, *NotCond or *Cmp.
type Cond interface{ cond() }

// BoolCond joins conditions with AND or OR.
type BoolCond struct {
	Op   string
	Args []Cond
}

// NotCond negates a condition.
type NotCond struct{ X Cond }

// Cmp compares a field with one literal, or a list for IN / NOT IN.
type Cmp struct {
	Path string
	Pos  int
	Op   string // = != < <= > >= LIKE IN NOTIN
	Vals []Lit
	Sub  *Query // a semi-join: IN / NOT IN (SELECT one field FROM …)
}

func (*BoolCond) cond() {}
func (*NotCond) cond()  {}
func (*Cmp) cond()      {}

// Lit is a literal value in a condition.
type Lit struct {
	Kind tokKind // tkString, tkNumber, tkDateTime, tkDate, or tkIdent for TRUE/FALSE/NULL/date literals
	Text string
	Pos  int
}

// parser walks the token list.
type parser struct {
	q    string
	toks []token
	i    int
}

// ParseSOQL parses the subset of SOQL the emulator understands; errors are
// *SOQLError with Salesforce's MALFORMED_QUERY text.
func ParseSOQL(q string) (*Query, error) {
	toks, lerr := lex(q)
	if lerr != nil {
		return nil, lerr
	}
	p := &parser{q: q, toks: toks}
	query, err := p.query()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tkEOF {
		return nil, p.unexpected(t)
	}
	return query, nil
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tkEOF {
		p.i++
	}
	return t
}

func (p *parser) isKW(kw string) bool {
	t := p.peek()
	return t.kind == tkIdent && strings.EqualFold(t.text, kw)
}

func (p *parser) isPunct(s string) bool { t := p.peek(); return t.kind == tkPunct && t.text == s }

func (p *parser) unexpected(t token) *SOQLError {
	text := t.text
	if t.kind == tkEOF {
		text = "<EOF>"
	} else if t.kind == tkString {
		text = "'" + t.text + "'"
	}
	return &SOQLError{Code: "MALFORMED_QUERY", Pos: t.pos, Msg: fmt.Sprintf("unexpected token: %s", text), q: p.q}
}

func (p *parser) expectKW(kw string) *SOQLError {
	if !p.isKW(kw) {
		return p.unexpected(p.peek())
	}
	p.next()
	return nil
}

func (p *parser) expectPunct(s string) *SOQLError {
	if !p.isPunct(s) {
		return p.unexpected(p.peek())
	}
	p.next()
	return nil
}

var reserved = map[string]bool{"select": true, "from": true, "where": true, "and": true, "or": true, "not": true,
	"order": true, "by": true, "limit": true, "offset": true, "in": true, "like": true, "asc": true, "desc": true, "nulls": true, "group": true}

func (p *parser) ident() (token, *SOQLError) {
	t := p.peek()
	if t.kind != tkIdent || reserved[strings.ToLower(t.text)] || strings.HasPrefix(t.text, ".") || strings.HasSuffix(t.text, ".") || strings.Contains(t.text, "..") {
		return t, p.unexpected(t)
	}
	return p.next(), nil
}

func (p *parser) query() (*Query, *SOQLError) {
	q := &Query{Limit: -1, Offset: -1, src: p.q}
	if err := p.expectKW("SELECT"); err != nil {
		return nil, err
	}
	if err := p.selectList(q); err != nil {
		return nil, err
	}
	if err := p.expectKW("FROM"); err != nil {
		return nil, err
	}
	from, err := p.ident()
	if err != nil {
		return nil, err
	}
	q.From, q.FromPos = from.text, from.pos
	if p.isKW("WHERE") {
		p.next()
		if q.Where, err = p.condition(); err != nil {
			return nil, err
		}
	}
	if p.isKW("GROUP") {
		p.next()
		if err := p.expectKW("BY"); err != nil {
			return nil, err
		}
		if q.GroupBy, err = p.groupList(); err != nil {
			return nil, err
		}
	}
	if p.isKW("ORDER") {
		p.next()
		if err := p.expectKW("BY"); err != nil {
			return nil, err
		}
		if q.OrderBy, err = p.orderList(); err != nil {
			return nil, err
		}
	}
	for _, kw := range []string{"LIMIT", "OFFSET"} {
		if p.isKW(kw) {
			p.next()
			t := p.next()
			n, convErr := strconv.Atoi(t.text)
			if t.kind != tkNumber || convErr != nil || n < 0 {
				return nil, p.unexpected(t)
			}
			if kw == "LIMIT" {
				q.Limit = n
			} else {
				q.Offset = n
			}
		}
	}
	return q, nil
}

func (p *parser) selectList(q *Query) *SOQLError {
	for {
		it, err := p.selectItem()
		if err != nil {
			return err
		}
		q.Select = append(q.Select, it)
		if !p.isPunct(",") {
			return nil
		}
		p.next()
	}
}

func (p *parser) selectItem() (Item, *SOQLError) {
	if p.isPunct("(") {
		start := p.next()
		sub, err := p.query()
		if err != nil {
			return Item{}, err
		}
		if err := p.expectPunct(")"); err != nil {
			return Item{}, err
		}
		return Item{Sub: sub, Pos: start.pos}, nil
	}
	t, err := p.ident()
	if err != nil {
		return Item{}, err
	}
	if !p.isPunct("(") {
		return Item{Path: t.text, Pos: t.pos}, nil
	}
	return p.call(t)
}

func (p *parser) orderList() ([]Order, *SOQLError) {
	var out []Order
	for {
		t, err := p.ident()
		if err != nil {
			return nil, err
		}
		o := Order{Path: t.text, Pos: t.pos}
		if p.isKW("ASC") {
			p.next()
		} else if p.isKW("DESC") {
			p.next()
			o.Desc, o.NullsLast = true, true
		}
		if p.isKW("NULLS") {
			p.next()
			switch {
			case p.isKW("FIRST"):
				o.NullsLast = false
			case p.isKW("LAST"):
				o.NullsLast = true
			default:
				return nil, p.unexpected(p.peek())
			}
			p.next()
		}
		out = append(out, o)
		if !p.isPunct(",") {
			return out, nil
		}
		p.next()
	}
}
