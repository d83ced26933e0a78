package sfemu

import (
	"encoding/json"
	"net/http"
)

// collGet answers GET /composite/sobjects/T?ids=..&fields=.. and the POST
// form {"ids": [...], "fields": [...]} (for id lists too long for a URL):
// the records in the order asked, null for ids that are missing or deleted.
func (c *call) collGet() {
	o := c.s.schema.lookup(c.parts[2])
	if o == nil {
		c.err(errNotFound())
		return
	}
	if err := c.s.access(false, o); err != nil {
		c.err(err)
		return
	}
	ids, fields := splitList(c.r.URL.Query().Get("ids")), splitList(c.r.URL.Query().Get("fields"))
	if c.r.Method == http.MethodPost {
		var in struct {
			IDs    []string `json:"ids"`
			Fields []string `json:"fields"`
		}
		if err := json.NewDecoder(c.r.Body).Decode(&in); err != nil {
			c.err(apiErr(400, "JSON_PARSER_ERROR", "Unexpected character in request body: "+err.Error()))
			return
		}
		ids, fields = in.IDs, in.Fields
	}
	if len(ids) > 2000 {
		c.err(apiErr(400, "EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than 2000 records into this call"))
		return
	}
	cols, aerr := namedColumns(o, fields)
	if aerr != nil {
		c.err(aerr)
		return
	}
	buf := []byte{'['}
	c.s.mu.RLock()
	for i, id := range ids {
		if i > 0 {
			buf = append(buf, ',')
		}
		if r, err := c.s.live(o, id); err == nil {
			buf = c.renderer().record(buf, cols, r)
		} else {
			buf = append(buf, "null"...)
		}
	}
	c.s.mu.RUnlock()
	writeRaw(c.w, 200, append(buf, ']'))
}
