package sfemu

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// saveResult is the body of a create or upsert.
type saveResult struct {
	ID      string `json:"id"`
	Success bool   `json:"success"`
	Errors  []any  `json:"errors"`
	Created *bool  `json:"created,omitempty"`
}

func (c *call) sobjects() {
	p, m := c.parts, c.r.Method
	if len(p) == 1 {
		c.globalDescribe()
		return
	}
	o := c.s.schema.lookup(p[1])
	if o == nil {
		c.err(errNotFound())
		return
	}
	if err := c.s.access(m != http.MethodGet, o); err != nil {
		c.err(err)
		return
	}
	switch {
	case len(p) == 2 && m == http.MethodPost:
		c.create(o)
	case len(p) == 2 && m == http.MethodGet:
		c.json(200, map[string]any{"objectDescribe": c.summary(o), "recentItems": []any{}})
	case len(p) == 3 && p[2] == "describe" && m == http.MethodGet:
		c.json(200, c.describe(o))
	case len(p) == 3 && p[2] == "updated" && m == http.MethodGet:
		c.getUpdated(o)
	case len(p) == 3 && p[2] == "deleted" && m == http.MethodGet:
		c.getDeleted(o)
	case len(p) == 3:
		c.byID(o, p[2])
	case len(p) == 4 && (m == http.MethodPatch || m == http.MethodGet):
		c.byExternalID(o, p[2], p[3])
	default:
		c.err(errNotFound())
	}
}

// body decodes the request's JSON object.
func (c *call) body() (map[string]any, *APIError) {
	var in map[string]any
	b, err := io.ReadAll(io.LimitReader(c.r.Body, 64<<20))
	if err == nil {
		dec := json.NewDecoder(bytes.NewReader(b))
		err = dec.Decode(&in)
	}
	if err != nil || in == nil {
		return nil, apiErr(400, "JSON_PARSER_ERROR", fmt.Sprintf("Unexpected character in request body: %v", err))
	}
	return in, nil
}

func (c *call) create(o *object) {
	in, aerr := c.body()
	if aerr != nil {
		c.err(aerr)
		return
	}
	if _, ok := in["Id"]; ok {
		c.err(apiErr(400, "INVALID_FIELD_FOR_INSERT_UPDATE", "Unable to create/update fields: Id. Please check the security settings of this field and verify that it is read/write for your profile or permission set.", "Id"))
		return
	}
	c.s.mu.Lock()
	r, aerr := c.s.create(o, in, modeCreate)
	c.s.mu.Unlock()
	if aerr != nil {
		c.err(aerr)
		return
	}
	c.json(http.StatusCreated, saveResult{ID: r.id(), Success: true, Errors: []any{}})
}

func (c *call) byID(o *object, id string) {
	switch c.r.Method {
	case http.MethodGet:
		c.s.mu.RLock()
		r, aerr := c.s.live(o, id)
		var buf []byte
		if aerr == nil {
			buf = c.renderer().record(nil, c.fieldColumns(o), r)
		}
		c.s.mu.RUnlock()
		if aerr != nil {
			if _, idShaped := normID(id); aerr.Code == "ENTITY_IS_DELETED" || !idShaped {
				aerr = errNotFound() // "abc" is no id at all: 404; another object's id stays 400 MALFORMED_ID
			}
			c.err(aerr)
			return
		}
		writeRaw(c.w, 200, buf)
	case http.MethodPatch:
		in, aerr := c.body()
		if aerr == nil {
			c.s.mu.Lock()
			_, aerr = c.s.update(o, id, in, modeUpdate)
			c.s.mu.Unlock()
		}
		c.noContent(aerr)
	case http.MethodDelete:
		c.s.mu.Lock()
		aerr := c.s.remove(o, id)
		c.s.mu.Unlock()
		c.noContent(aerr)
	default:
		c.err(apiErr(405, "METHOD_NOT_ALLOWED", fmt.Sprintf("HTTP Method '%s' not allowed. Allowed are GET,PATCH,DELETE", c.r.Method)))
	}
}

func (c *call) noContent(aerr *APIError) {
	if aerr != nil {
		c.err(aerr)
		return
	}
	c.w.WriteHeader(http.StatusNoContent)
}

func (c *call) renderer() *renderer { return &renderer{s: c.s, ver: c.ver} }

// fieldColumns honours ?fields=A,B on a record GET.
func (c *call) fieldColumns(o *object) []*node {
	list := c.r.URL.Query().Get("fields")
	if list == "" {
		return allColumns(o)
	}
	var cols []*node
	for _, n := range strings.Split(list, ",") {
		if f := o.field(strings.TrimSpace(n)); f != nil {
			cols = append(cols, &node{name: f.Name, leaf: f})
		}
	}
	return cols
}

// namedColumns resolves a retrieve's field list (all fields when empty);
// an unknown or hidden name answers 400 INVALID_FIELD.
func namedColumns(o *object, names []string) ([]*node, *APIError) {
	if len(names) == 0 {
		return allColumns(o), nil
	}
	cols := make([]*node, 0, len(names))
	for _, n := range names {
		f := o.field(strings.TrimSpace(n))
		if f == nil {
			return nil, apiErr(400, "INVALID_FIELD", fmt.Sprintf("No such column '%s' on entity '%s'. %s", strings.TrimSpace(n), o.Name, hintField))
		}
		cols = append(cols, &node{name: f.Name, leaf: f})
	}
	return cols, nil
}

// byExternalID answers GET and PATCH (upsert) on /sobjects/T/Field/Value.
func (c *call) byExternalID(o *object, fieldName, value string) {
	f := o.field(fieldName)
	if f == nil || !(f.ExternalID || f.IDLookup) {
		c.err(apiErr(404, "NOT_FOUND", "Provided external ID field does not exist or is not accessible: "+fieldName))
		return
	}
	if c.r.Method == http.MethodGet {
		c.s.mu.RLock()
		rows := c.s.matching(o, f, value)
		var buf []byte
		if len(rows) == 1 {
			buf = c.renderer().record(nil, c.fieldColumns(o), rows[0])
		}
		c.s.mu.RUnlock()
		if len(rows) != 1 {
			c.err(errNotFound())
			return
		}
		writeRaw(c.w, 200, buf)
		return
	}
	in, aerr := c.body()
	if aerr != nil {
		c.err(aerr)
		return
	}
	res, status, aerr := c.s.upsert(o, f, value, in)
	if aerr != nil {
		if aerr.Code == "MULTIPLE_CHOICES" {
			c.json(300, strings.Split(aerr.Message, ","))
			return
		}
		c.err(aerr)
		return
	}
	c.json(status, res)
}

// matching lists undeleted records whose f equals value; callers hold s.mu.
func (s *Server) matching(o *object, f *field, value string) []*record {
	var out []*record
	if f.Type == "id" {
		if r, err := s.live(o, value); err == nil {
			out = append(out, r)
		}
		return out
	}
	for _, r := range s.table(o).rows {
		if v, ok := r.f[f.Name].(string); ok && !r.deleted() && strings.EqualFold(v, value) {
			out = append(out, r)
		}
	}
	return out
}

// upsert creates or updates the record of o whose f is value.
func (s *Server) upsert(o *object, f *field, value string, in map[string]any) (saveResult, int, *APIError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rows := s.matching(o, f, value)
	t, fl := true, false
	switch len(rows) {
	case 0:
		if f.Type != "id" {
			in = copyMap(in)
			in[f.Name] = value
		}
		r, aerr := s.create(o, in, modeCreate)
		if aerr != nil {
			return saveResult{}, 0, aerr
		}
		return saveResult{ID: r.id(), Success: true, Errors: []any{}, Created: &t}, http.StatusCreated, nil
	case 1:
		r, aerr := s.update(o, rows[0].id(), in, modeUpdate)
		if aerr != nil {
			return saveResult{}, 0, aerr
		}
		return saveResult{ID: r.id(), Success: true, Errors: []any{}, Created: &fl}, http.StatusOK, nil
	}
	urls := make([]string, len(rows))
	for i, r := range rows {
		urls[i] = "/services/data/v" + APIVersion + "/sobjects/" + o.Name + "/" + r.id()
	}
	return saveResult{}, 0, apiErr(300, "MULTIPLE_CHOICES", strings.Join(urls, ","))
}
