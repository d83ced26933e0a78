package sfemu

import "strings"

// aggregates are the SOQL aggregate functions the emulator evaluates.
var aggregates = map[string]bool{"COUNT": true, "COUNT_DISTINCT": true, "SUM": true, "AVG": true, "MIN": true, "MAX": true}

// call parses NAME( … ) in a SELECT list: an aggregate function with an
// optional alias, or FIELDS(ALL | STANDARD | CUSTOM).
func (p *parser) call(name token) (Item, *SOQLError) {
	fn := strings.ToUpper(name.text)
	if fn == "FIELDS" {
		p.next()
		arg, err := p.ident()
		if err != nil {
			return Item{}, err
		}
		kind := strings.ToUpper(arg.text)
		if kind != "ALL" && kind != "STANDARD" && kind != "CUSTOM" {
			return Item{}, p.unexpected(arg)
		}
		return Item{Fields: kind, Pos: name.pos}, p.expectPunct(")")
	}
	if !aggregates[fn] {
		return Item{}, p.unexpected(p.peek())
	}
	p.next()
	it := Item{Agg: fn, Count: fn == "COUNT", Pos: name.pos}
	if !p.isPunct(")") {
		f, err := p.ident()
		if err != nil {
			return Item{}, err
		}
		it.Path = f.text
	} else if fn != "COUNT" {
		return Item{}, p.unexpected(p.peek())
	}
	if err := p.expectPunct(")"); err != nil {
		return Item{}, err
	}
	if t := p.peek(); t.kind == tkIdent && !reserved[strings.ToLower(t.text)] {
		it.Alias = p.next().text
	}
	return it, nil
}

// groupList parses the paths of GROUP BY.
func (p *parser) groupList() ([]Order, *SOQLError) {
	var out []Order
	for {
		t, err := p.ident()
		if err != nil {
			return nil, err
		}
		out = append(out, Order{Path: t.text, Pos: t.pos})
		if !p.isPunct(",") {
			return out, nil
		}
		p.next()
	}
}

// semiJoin parses the (SELECT …) of `field IN (SELECT …)`, the "(" already read.
func (p *parser) semiJoin(c *Cmp) *SOQLError {
	sub, err := p.query()
	if err != nil {
		return err
	}
	c.Sub = sub
	return p.expectPunct(")")
}
