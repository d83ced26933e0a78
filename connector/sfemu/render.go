package sfemu

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// renderer writes records as the REST API does; callers hold s.mu.
type renderer struct {
	s         *Server
	ver       string
	subs      map[*node]map[string][]*record
	all       bool
	prefix    map[*object][]byte // cached `{"attributes":{...,"url":".../sobjects/T/`
	childPage int                // child rows per page; 0 = whole lists
}

func (rd *renderer) attributes(buf []byte, o *object, id string) []byte {
	pre, ok := rd.prefix[o]
	if !ok {
		pre = []byte(`{"attributes":{"type":"` + o.Name + `","url":"/services/data/` + rd.ver + "/sobjects/" + o.Name + "/")
		if rd.prefix != nil {
			rd.prefix[o] = pre
		}
	}
	buf = append(buf, pre...)
	buf = append(buf, id...)
	return append(buf, `"}`...)
}

// record appends rec with the given columns.
func (rd *renderer) record(buf []byte, cols []*node, rec *record) []byte {
	buf = rd.attributes(buf, rec.obj, rec.id())
	for _, c := range cols {
		buf = append(buf, ',', '"')
		buf = append(buf, c.name...) // names are ASCII identifiers
		buf = append(buf, '"', ':')
		switch {
		case c.leaf != nil:
			buf = rd.value(buf, rec, c.leaf)
		case c.rel != nil:
			id, _ := rec.f[c.rel.Name].(string)
			parent := rd.s.find(id)
			if id == "" || parent == nil {
				buf = append(buf, "null"...)
			} else {
				buf = rd.record(buf, c.kids, parent)
			}
		default:
			buf = rd.children(buf, c, rec)
		}
	}
	return append(buf, '}')
}

// children renders a subquery column: null when it has no rows.
func (rd *renderer) children(buf []byte, c *node, rec *record) []byte {
	kids := rd.subs[c][rec.id()]
	if len(kids) == 0 {
		return append(buf, "null"...)
	}
	if len(c.sub.order) > 0 || c.sub.limit >= 0 || c.sub.offset > 0 {
		kids = rd.s.sortSlice(c.sub, append([]*record(nil), kids...))
	}
	if len(kids) == 0 {
		return append(buf, "null"...)
	}
	buf = append(buf, `{"totalSize":`...)
	buf = strconv.AppendInt(buf, int64(len(kids)), 10)
	if rd.childPage > 0 && len(kids) > rd.childPage {
		// A large child list is paged like a query: its own locator.
		cur := &cursor{id: locatorID(), plan: c.sub, rows: kids, all: rd.all, batch: rd.childPage}
		rd.s.keepCursor(cur, false)
		buf = append(buf, `,"done":false,"nextRecordsUrl":"/services/data/`+rd.ver+`/query/`+cur.id+"-"...)
		buf = strconv.AppendInt(buf, int64(rd.childPage), 10)
		buf = append(buf, `","records":[`...)
		kids = kids[:rd.childPage]
	} else {
		buf = append(buf, `,"done":true,"records":[`...)
	}
	for i, k := range kids {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = rd.record(buf, c.sub.cols, k)
	}
	return append(buf, "]}"...)
}

// value appends one field value in its JSON type.
func (rd *renderer) value(buf []byte, rec *record, f *field) []byte {
	if f.Type == "address" {
		return rd.address(buf, rec, f)
	}
	switch v := rec.f[f.Name].(type) {
	case nil:
		return append(buf, "null"...)
	case string:
		return appendString(buf, v)
	case bool:
		return strconv.AppendBool(buf, v)
	case float64:
		if f.Type == "int" {
			return strconv.AppendInt(buf, int64(v), 10)
		}
		n := len(buf)
		buf = strconv.AppendFloat(buf, v, 'f', -1, 64)
		if !strings.ContainsRune(string(buf[n:]), '.') {
			buf = append(buf, ".0"...)
		}
		return buf
	default:
		b, _ := json.Marshal(v)
		return append(buf, b...)
	}
}

// address renders a compound address field from its components.
func (rd *renderer) address(buf []byte, rec *record, f *field) []byte {
	prefix := strings.TrimSuffix(f.Name, "Address")
	parts := []struct{ key, field string }{{"city", "City"}, {"country", "Country"}, {"geocodeAccuracy", "GeocodeAccuracy"},
		{"latitude", "Latitude"}, {"longitude", "Longitude"}, {"postalCode", "PostalCode"}, {"state", "State"}, {"street", "Street"}}
	m := map[string]any{}
	any := false
	for _, p := range parts {
		v := rec.f[prefix+p.field]
		m[p.key] = v
		any = any || v != nil
	}
	if !any {
		return append(buf, "null"...)
	}
	b, _ := json.Marshal(m)
	return append(buf, b...)
}

// mapRecord renders rec and decodes it, for Go callers.
func (rd *renderer) mapRecord(cols []*node, rec *record) map[string]any {
	var m map[string]any
	_ = json.Unmarshal(rd.record(nil, cols, rec), &m)
	return m
}

// allColumns lists every field of o as output columns.
func allColumns(o *object) []*node {
	cols := make([]*node, 0, len(o.Fields))
	for _, f := range o.visible() {
		cols = append(cols, &node{name: f.Name, leaf: f})
	}
	return cols
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string.
func appendString(buf []byte, s string) []byte {
	buf = append(buf, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
				buf = append(buf, s[start:i]...)
				buf = append(buf, `\ufffd`...)
				if r != utf8.RuneError {
					buf = buf[:len(buf)-6]
					buf = append(buf, `\u202`...)
					buf = append(buf, hexDigits[r&0xF])
				}
				i += size
				start = i
				continue
			}
			i += size
			continue
		}
		buf = append(buf, s[start:i]...)
		switch c {
		case '"', '\\':
			buf = append(buf, '\\', c)
		case '\n':
			buf = append(buf, '\\', 'n')
		case '\r':
			buf = append(buf, '\\', 'r')
		case '\t':
			buf = append(buf, '\\', 't')
		default:
			buf = append(buf, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
		}
		i++
		start = i
	}
	buf = append(buf, s[start:]...)
	return append(buf, '"')
}
