package sfemu

import "strings"

// condition parses a chain of unary conditions joined by one kind of
// operator: SOQL refuses mixing AND and OR without parentheses.
func (p *parser) condition() (Cond, *SOQLError) {
	first, err := p.unary()
	if err != nil {
		return nil, err
	}
	var op string
	args := []Cond{first}
	for p.isKW("AND") || p.isKW("OR") {
		t := p.next()
		kw := strings.ToUpper(t.text)
		if op != "" && kw != op {
			return nil, p.unexpected(t)
		}
		op = kw
		c, err := p.unary()
		if err != nil {
			return nil, err
		}
		args = append(args, c)
	}
	if op == "" {
		return first, nil
	}
	return &BoolCond{Op: op, Args: args}, nil
}

func (p *parser) unary() (Cond, *SOQLError) {
	if p.isKW("NOT") {
		p.next()
		c, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &NotCond{X: c}, nil
	}
	if p.isPunct("(") {
		p.next()
		c, err := p.condition()
		if err != nil {
			return nil, err
		}
		if err := p.expectPunct(")"); err != nil {
			return nil, err
		}
		return c, nil
	}
	return p.comparison()
}

func (p *parser) comparison() (Cond, *SOQLError) {
	f, err := p.ident()
	if err != nil {
		return nil, err
	}
	c := &Cmp{Path: f.text, Pos: f.pos}
	t := p.peek()
	switch {
	case t.kind == tkPunct && t.text != "(" && t.text != ")" && t.text != ",":
		p.next()
		c.Op = t.text
		if c.Op == "<>" {
			c.Op = "!="
		}
	case p.isKW("LIKE"):
		p.next()
		c.Op = "LIKE"
	case p.isKW("IN"):
		p.next()
		c.Op = "IN"
	case p.isKW("NOT"):
		p.next()
		if err := p.expectKW("IN"); err != nil {
			return nil, err
		}
		c.Op = "NOTIN"
	default:
		return nil, p.unexpected(t)
	}
	if c.Op != "IN" && c.Op != "NOTIN" {
		v, err := p.literal()
		if err != nil {
			return nil, err
		}
		c.Vals = []Lit{v}
		return c, nil
	}
	if err := p.expectPunct("("); err != nil {
		return nil, err
	}
	if p.isKW("SELECT") {
		return c, p.semiJoin(c)
	}
	for {
		v, err := p.literal()
		if err != nil {
			return nil, err
		}
		c.Vals = append(c.Vals, v)
		if !p.isPunct(",") {
			break
		}
		p.next()
	}
	return c, p.expectPunct(")")
}

func (p *parser) literal() (Lit, *SOQLError) {
	t := p.peek()
	switch t.kind {
	case tkString, tkNumber, tkDateTime, tkDate:
		p.next()
		return Lit{Kind: t.kind, Text: t.text, Pos: t.pos}, nil
	case tkIdent:
		w := strings.ToLower(t.text)
		base, _, _ := strings.Cut(w, ":")
		if w == "true" || w == "false" || w == "null" || isDateLiteral(w, base) {
			p.next()
			return Lit{Kind: tkIdent, Text: w, Pos: t.pos}, nil
		}
	}
	return Lit{}, p.unexpected(t)
}
