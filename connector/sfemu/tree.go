package sfemu

import (
	"net/http"
	"strings"
)

// treeResult is one element of a composite/tree answer.
type treeResult struct {
	ReferenceID string      `json:"referenceId"`
	ID          string      `json:"id,omitempty"`
	Errors      []itemError `json:"errors,omitempty"`
}

// treeRec is one record of a tree request with its nested child lists.
type treeRec struct {
	obj      *object
	ref      string
	fields   map[string]any
	children []*treeRec
	childFld string // the child's reference to its parent
}

// tree answers POST /composite/tree/{object}: up to 200 records with nested
// children, created together. Every record is checked before any is created,
// so a refusal leaves the org unchanged (as the org's rollback does).
func (c *call) tree(name string) {
	o := c.s.schema.lookup(name)
	if o == nil {
		c.err(apiErr(404, "NOT_FOUND", "The requested resource does not exist"))
		return
	}
	in, aerr := c.body()
	if aerr != nil {
		c.err(aerr)
		return
	}
	list, _ := in["records"].([]any)
	var roots []*treeRec
	var bad []treeResult
	count := 0
	for _, x := range list {
		if r := parseTree(c.s.schema, o, x, "", &bad, &count); r != nil {
			roots = append(roots, r)
		}
	}
	if count > 200 {
		c.err(apiErr(400, "LIMIT_EXCEEDED", "Cannot have more than 200 records in a single request"))
		return
	}
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	var check func(rs []*treeRec)
	check = func(rs []*treeRec) {
		for _, r := range rs {
			probe := copyMap(r.fields)
			if aerr := c.s.access(true, r.obj); aerr != nil {
				bad = append(bad, treeFail(r.ref, aerr))
			} else if _, aerr := c.s.apply(r.obj, nil, probe, modeCreate); aerr != nil {
				bad = append(bad, treeFail(r.ref, aerr))
			}
			check(r.children)
		}
	}
	check(roots)
	if len(bad) > 0 {
		c.json(http.StatusBadRequest, map[string]any{"hasErrors": true, "results": bad})
		return
	}
	var out []treeResult
	var create func(rs []*treeRec, parent string)
	create = func(rs []*treeRec, parent string) {
		for _, r := range rs {
			if parent != "" {
				r.fields[r.childFld] = parent
			}
			rec, aerr := c.s.create(r.obj, r.fields, modeCreate)
			if aerr != nil {
				out = append(out, treeFail(r.ref, aerr))
				continue
			}
			out = append(out, treeResult{ReferenceID: r.ref, ID: rec.id()})
			create(r.children, rec.id())
		}
	}
	c.s.inTx(func() { create(roots, "") })
	c.json(http.StatusCreated, map[string]any{"hasErrors": false, "results": out})
}

func treeFail(ref string, e *APIError) treeResult {
	fields := e.Fields
	if fields == nil {
		fields = []string{}
	}
	return treeResult{ReferenceID: ref, Errors: []itemError{{StatusCode: e.Code, Message: e.Message, Fields: fields}}}
}

// parseTree reads one request record; child lists are keyed by relationship name.
func parseTree(sc *schema, o *object, x any, childFld string, bad *[]treeResult, count *int) *treeRec {
	m, _ := x.(map[string]any)
	attrs, _ := m["attributes"].(map[string]any)
	ref, _ := attrs["referenceId"].(string)
	*count++
	r := &treeRec{obj: o, ref: ref, fields: map[string]any{}, childFld: childFld}
	for k, v := range m {
		if k == "attributes" {
			continue
		}
		if ch, ok := o.children[strings.ToLower(k)]; ok {
			sub, _ := v.(map[string]any)
			recs, _ := sub["records"].([]any)
			for _, cx := range recs {
				if cr := parseTree(sc, sc.lookup(ch.Object), cx, ch.Field, bad, count); cr != nil {
					r.children = append(r.children, cr)
				}
			}
			continue
		}
		r.fields[k] = v
	}
	if ref == "" {
		*bad = append(*bad, treeResult{Errors: []itemError{{StatusCode: "INVALID_INPUT", Message: "Include a reference ID for each record in the request.", Fields: []string{}}}})
		return nil
	}
	return r
}
