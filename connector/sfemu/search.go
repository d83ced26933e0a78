package sfemu

import (
	"regexp"
	"strconv"
	"strings"
)

// soslReturn is one object of a RETURNING clause and the fields it renders.
type soslReturn struct {
	obj    *object
	fields []string
	limit  int
}

var (
	reFind      = regexp.MustCompile(`(?is)^\s*FIND\s*(\{((?:[^}\\]|\\.)*)\}|'((?:[^'\\]|\\.)*)')\s*(.*)$`)
	reInFields  = regexp.MustCompile(`(?i)^IN\s+(ALL|NAME|EMAIL|PHONE)\s+FIELDS\s*`)
	reReturning = regexp.MustCompile(`(?i)^RETURNING\s+`)
	reLimit     = regexp.MustCompile(`(?i)^LIMIT\s+(\d+)\s*$`)
	reRetItem   = regexp.MustCompile(`^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(\(([^)]*)\))?\s*,?`)
)

// search answers GET /search?q=FIND {…} [IN … FIELDS] [RETURNING Obj(fields [LIMIT n]), …] [LIMIT n]:
// a record matches when any of its text fields holds the search term (a
// trailing * matches any ending), case-insensitively.
func (c *call) search() {
	q := c.r.URL.Query().Get("q")
	m := reFind.FindStringSubmatch(q)
	if m == nil {
		c.err(apiErr(400, "MALFORMED_SEARCH", "No search term found. The search term must be enclosed in braces."))
		return
	}
	term := m[2] + m[3]
	rest := strings.TrimSpace(m[4])
	scope := "ALL"
	if f := reInFields.FindStringSubmatch(rest); f != nil {
		scope, rest = strings.ToUpper(f[1]), rest[len(f[0]):]
	}
	var rets []soslReturn
	if loc := reReturning.FindStringIndex(rest); loc != nil {
		rest = rest[loc[1]:]
		for {
			it := reRetItem.FindStringSubmatch(rest)
			if it == nil || strings.EqualFold(it[1], "LIMIT") {
				break
			}
			o := c.s.schema.lookup(it[1])
			if o == nil {
				c.err(apiErr(400, "INVALID_TYPE", "sObject type '"+it[1]+"' is not supported."))
				return
			}
			rets = append(rets, parseReturn(o, it[3]))
			rest = strings.TrimSpace(rest[len(it[0]):])
		}
	} else {
		for _, n := range []string{"Account", "Contact", "Lead", "Opportunity"} {
			rets = append(rets, soslReturn{obj: c.s.schema.lookup(n), fields: []string{"Id"}, limit: -1})
		}
	}
	limit := 2000
	if l := reLimit.FindStringSubmatch(rest); l != nil {
		limit, _ = strconv.Atoi(l[1])
	} else if strings.TrimSpace(rest) != "" {
		c.err(apiErr(400, "MALFORMED_SEARCH", "unexpected token: '"+strings.Fields(rest)[0]+"'"))
		return
	}
	if len(strings.Trim(term, "*? ")) < 2 {
		c.err(apiErr(400, "INVALID_SEARCH", "search term must be longer than one character: "+term))
		return
	}
	pat := regexp.MustCompile("(?i)\\b" + strings.ReplaceAll(regexp.QuoteMeta(strings.TrimSpace(term)), `\*`, `\w*`))
	c.s.mu.RLock()
	rd := c.renderer()
	out := []byte(`{"searchRecords":[`)
	n := 0
	for _, rt := range rets {
		cols, aerr := namedColumns(rt.obj, rt.fields)
		if aerr != nil {
			c.s.mu.RUnlock()
			c.err(aerr)
			return
		}
		found := 0
		for _, r := range c.s.table(rt.obj).rows {
			if n >= limit || (rt.limit >= 0 && found >= rt.limit) {
				break
			}
			if r.deleted() || !soslMatch(rt.obj, r, pat, scope) {
				continue
			}
			if n > 0 {
				out = append(out, ',')
			}
			out = rd.record(out, cols, r)
			n++
			found++
		}
	}
	c.s.mu.RUnlock()
	writeRaw(c.w, 200, append(out, "]}"...))
}

// parseReturn reads "Id, Name LIMIT 5" of Obj(…).
func parseReturn(o *object, inner string) soslReturn {
	rt := soslReturn{obj: o, fields: []string{"Id"}, limit: -1}
	if strings.TrimSpace(inner) == "" {
		return rt
	}
	if i := strings.Index(strings.ToUpper(inner), " LIMIT "); i >= 0 {
		rt.limit, _ = strconv.Atoi(strings.TrimSpace(inner[i+7:]))
		inner = inner[:i]
	}
	rt.fields = nil
	for _, f := range strings.Split(inner, ",") {
		if f = strings.TrimSpace(f); f != "" {
			rt.fields = append(rt.fields, f)
		}
	}
	return rt
}

// soslMatch reports whether a text field of r in scope holds the term.
func soslMatch(o *object, r *record, pat *regexp.Regexp, scope string) bool {
	for _, f := range o.Fields {
		v, ok := r.f[f.Name].(string)
		if !ok || f.Type == "id" || f.Type == "reference" || f.hidden.Load() {
			continue
		}
		switch scope {
		case "NAME":
			if nf, _ := f.raw["nameField"].(bool); !nf && f.Name != "FirstName" && f.Name != "LastName" {
				continue
			}
		case "EMAIL":
			if f.Type != "email" {
				continue
			}
		case "PHONE":
			if f.Type != "phone" {
				continue
			}
		}
		if pat.MatchString(v) {
			return true
		}
	}
	return false
}
