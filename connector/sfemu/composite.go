package sfemu

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// itemError is one error inside an sObject Collections result.
type itemError struct {
	StatusCode string   `json:"statusCode"`
	Message    string   `json:"message"`
	Fields     []string `json:"fields"`
}

// itemResult is one record's result in an sObject Collections answer.
type itemResult struct {
	ID      string      `json:"id,omitempty"`
	Success bool        `json:"success"`
	Errors  []itemError `json:"errors"`
	Created *bool       `json:"created,omitempty"`
}

func failed(id string, e *APIError) itemResult {
	fields := e.Fields
	if fields == nil {
		fields = []string{}
	}
	return itemResult{ID: id, Errors: []itemError{{e.Code, e.Message, fields}}}
}

// collections answers /composite/sobjects (create, update, upsert, delete, get).
func (c *call) collections() {
	m := c.r.Method
	if m == http.MethodDelete {
		q := c.r.URL.Query()
		ids := splitList(q.Get("ids"))
		c.batch(q.Get("allOrNone") == "true", len(ids), func(i int, dry bool) itemResult {
			return c.s.collDelete(ids[i], dry)
		})
		return
	}
	if (m == http.MethodGet || m == http.MethodPost) && len(c.parts) == 3 {
		c.collGet()
		return
	}
	var in struct {
		AllOrNone bool             `json:"allOrNone"`
		Records   []map[string]any `json:"records"`
	}
	if err := json.NewDecoder(c.r.Body).Decode(&in); err != nil {
		c.err(apiErr(400, "JSON_PARSER_ERROR", "Unexpected character in request body: "+err.Error()))
		return
	}
	var op func(i int, dry bool) itemResult
	switch {
	case m == http.MethodPost && len(c.parts) == 2:
		op = func(i int, dry bool) itemResult { return c.s.collSave(in.Records[i], "", dry) }
	case m == http.MethodPatch && len(c.parts) == 2:
		op = func(i int, dry bool) itemResult { return c.s.collSave(in.Records[i], "Id", dry) }
	case m == http.MethodPatch && len(c.parts) == 4:
		op = func(i int, dry bool) itemResult { return c.s.collUpsert(c.parts[2], c.parts[3], in.Records[i], dry) }
	default:
		c.err(errNotFound())
		return
	}
	c.batch(in.AllOrNone, len(in.Records), op)
}

// batch runs op over n records: a dry run first when allOrNone, so a single
// failure leaves the org untouched.
func (c *call) batch(allOrNone bool, n int, op func(i int, dry bool) itemResult) {
	if n > 200 {
		c.err(apiErr(400, "EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than 200 records into this call"))
		return
	}
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	out := make([]itemResult, n)
	if allOrNone {
		bad := false
		for i := range out {
			out[i] = op(i, true)
			bad = bad || !out[i].Success
		}
		if bad {
			for i := range out {
				if out[i].Success {
					out[i] = failed(out[i].ID, apiErr(400, "ALL_OR_NONE_OPERATION_ROLLED_BACK", "Record rolled back because not all records were valid and the request was using AllOrNone header"))
				}
			}
			c.json(200, out)
			return
		}
	}
	c.s.inTx(func() { // one save: the records share a SystemModstamp
		for i := range out {
			out[i] = op(i, false)
		}
	})
	c.json(200, out)
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func recordType(rec map[string]any) string {
	attrs, _ := rec["attributes"].(map[string]any)
	t, _ := attrs["type"].(string)
	return t
}

// collSave creates (idKey "") or updates (idKey "Id") one record; callers hold s.mu.
func (s *Server) collSave(rec map[string]any, idKey string, dry bool) itemResult {
	o := s.schema.lookup(recordType(rec))
	if o == nil {
		return failed("", apiErr(400, "INVALID_TYPE", "sObject type '"+recordType(rec)+"' is not supported."))
	}
	if err := s.access(true, o); err != nil {
		return failed("", err)
	}
	if err := s.rowLocked(o, dry); err != nil {
		return failed("", err)
	}
	if idKey == "" {
		if dry {
			_, err := s.apply(o, nil, rec, modeCreate)
			return result0("", err)
		}
		r, err := s.create(o, rec, modeCreate)
		if err != nil {
			return failed("", err)
		}
		return itemResult{ID: r.id(), Success: true, Errors: []itemError{}}
	}
	id, _ := rec["id"].(string)
	if v, ok := rec["Id"].(string); ok {
		id = v
	}
	body := copyMap(rec)
	delete(body, "id")
	delete(body, "Id")
	old, err := s.live(o, id)
	if err != nil {
		return failed("", err)
	}
	if dry {
		_, err = s.apply(o, old.f, body, modeUpdate)
		return result0(old.id(), err)
	}
	if _, err = s.update(o, id, body, modeUpdate); err != nil {
		return failed(old.id(), err)
	}
	return itemResult{ID: old.id(), Success: true, Errors: []itemError{}}
}

func result0(id string, err *APIError) itemResult {
	if err != nil {
		return failed(id, err)
	}
	return itemResult{ID: id, Success: true, Errors: []itemError{}}
}

// collUpsert upserts one record by an external id field; callers hold s.mu.
func (s *Server) collUpsert(typ, fieldName string, rec map[string]any, dry bool) itemResult {
	o := s.schema.lookup(typ)
	if o == nil {
		return failed("", apiErr(400, "INVALID_TYPE", "sObject type '"+typ+"' is not supported."))
	}
	f := o.field(fieldName)
	if f == nil || !(f.ExternalID || f.IDLookup) {
		return failed("", apiErr(400, "INVALID_FIELD", "Provided external ID field does not exist or is not accessible: "+fieldName))
	}
	value, _ := rec[f.Name].(string)
	body := copyMap(rec)
	delete(body, f.Name)
	rows := s.matching(o, f, value)
	t, fl := true, false
	switch {
	case value == "":
		return failed("", apiErr(400, "REQUIRED_FIELD_MISSING", "Required fields are missing: ["+f.Name+"]", f.Name))
	case len(rows) > 1:
		return failed("", apiErr(300, "DUPLICATE_EXTERNAL_ID", f.Name+": more than one record found for external id field", f.Name))
	case len(rows) == 0:
		body[f.Name] = value
		res := s.collSave(body, "", dry)
		res.Created = &t
		return res
	}
	body["Id"] = rows[0].id()
	res := s.collSave(body, "Id", dry)
	res.Created = &fl
	return res
}

// collDelete soft-deletes one record; callers hold s.mu.
func (s *Server) collDelete(id string, dry bool) itemResult {
	r := s.find(id)
	if r == nil {
		return failed("", apiErr(400, "MALFORMED_ID", "bad id "+id, "Id"))
	}
	if r.deleted() {
		return failed(r.id(), apiErr(400, "ENTITY_IS_DELETED", "entity is deleted"))
	}
	if err := s.access(true, r.obj); err != nil {
		return failed(r.id(), err)
	}
	if !dry {
		if err := s.remove(r.obj, id); err != nil {
			return failed(r.id(), err)
		}
	}
	return itemResult{ID: r.id(), Success: true, Errors: []itemError{}}
}

// recorder captures a composite sub-request's answer.
type recorder struct {
	h      http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.h }
func (r *recorder) WriteHeader(status int)      { r.status = status }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }

var refPattern = regexp.MustCompile(`@\{([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)\}`)

// composite answers POST /composite by running each sub-request in turn.
func (c *call) composite() {
	var in struct {
		CompositeRequest []struct {
			Method      string          `json:"method"`
			URL         string          `json:"url"`
			ReferenceID string          `json:"referenceId"`
			Body        json.RawMessage `json:"body"`
		} `json:"compositeRequest"`
	}
	if err := json.NewDecoder(c.r.Body).Decode(&in); err != nil {
		c.err(apiErr(400, "JSON_PARSER_ERROR", "Unexpected character in request body: "+err.Error()))
		return
	}
	refs := map[string]map[string]any{}
	subst := func(s string) string {
		return refPattern.ReplaceAllStringFunc(s, func(m string) string {
			g := refPattern.FindStringSubmatch(m)
			if v, ok := refs[g[1]][g[2]].(string); ok {
				return v
			}
			return m
		})
	}
	var out []map[string]any
	for _, sub := range in.CompositeRequest {
		u, err := url.Parse(subst(sub.URL))
		rec := &recorder{h: http.Header{}, status: 200}
		if err != nil || !strings.HasPrefix(u.Path, "/services/data/v") {
			writeErr(rec, errNotFound())
		} else {
			req, _ := http.NewRequestWithContext(c.r.Context(), sub.Method, u.String(), strings.NewReader(subst(string(sub.Body))))
			req.Host, req.TLS = c.r.Host, c.r.TLS
			rest := strings.TrimPrefix(u.Path, "/services/data/")
			ver, rest, _ := strings.Cut(rest, "/")
			(&call{s: c.s, w: rec, r: req, ver: ver, parts: splitPath(rest)}).dispatch()
		}
		var body any
		_ = json.Unmarshal(rec.body.Bytes(), &body)
		if m, ok := body.(map[string]any); ok {
			refs[sub.ReferenceID] = m
		}
		out = append(out, map[string]any{"body": body, "httpHeaders": map[string]string{}, "httpStatusCode": rec.status, "referenceId": sub.ReferenceID})
	}
	c.json(200, map[string]any{"compositeResponse": out})
}
