package sfemu

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"time"
)

// delimiters are Bulk API 2.0's columnDelimiter names.
var delimiters = map[string]rune{"COMMA": ',', "TAB": '\t', "PIPE": '|', "SEMICOLON": ';', "CARET": '^', "BACKQUOTE": '`'}

// csvColumn is one column of a bulk query result: its header and how to read it.
type csvColumn struct {
	header string
	steps  []*field // parent references to follow
	leaf   *field
}

// csvColumns flattens a plan's output tree; parent fields become "Account.Name".
func csvColumns(cols []*node, prefix string, steps []*field) []csvColumn {
	var out []csvColumn
	for _, c := range cols {
		switch {
		case c.leaf != nil:
			out = append(out, csvColumn{header: prefix + c.name, steps: steps, leaf: c.leaf})
		case c.rel != nil:
			next := append(append([]*field(nil), steps...), c.rel)
			out = append(out, csvColumns(c.kids, prefix+c.name+".", next)...)
		}
	}
	return out
}

// csvWriter writes Bulk API 2.0 CSV: every value quoted, nulls empty.
type csvWriter struct {
	buf   bytes.Buffer
	delim byte
	eol   string
}

func newCSVWriter(delim, ending string) *csvWriter {
	w := &csvWriter{delim: byte(delimiters[delim]), eol: "\n"}
	if ending == "CRLF" {
		w.eol = "\r\n"
	}
	return w
}

func (w *csvWriter) cells(vals []string) {
	for i, v := range vals {
		if i > 0 {
			w.buf.WriteByte(w.delim)
		}
		w.buf.WriteByte('"')
		w.buf.WriteString(strings.ReplaceAll(v, `"`, `""`))
		w.buf.WriteByte('"')
	}
	w.buf.WriteString(w.eol)
}

func (w *csvWriter) header(cols []csvColumn) {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.header
	}
	w.cells(names)
}

// row writes one record; callers hold s.mu.
func (w *csvWriter) row(s *Server, cols []csvColumn, r *record) {
	vals := make([]string, len(cols))
	for i, c := range cols {
		rec := r
		for _, st := range c.steps {
			id, _ := rec.f[st.Name].(string)
			if rec = s.find(id); rec == nil {
				break
			}
		}
		if rec != nil {
			vals[i] = csvValue(c.leaf, rec.f[c.leaf.Name])
		}
	}
	w.cells(vals)
}

func (w *csvWriter) bytes() []byte { return w.buf.Bytes() }

// csvValue renders a stored value as Bulk API 2.0 does (datetimes in Z form).
func csvValue(f *field, v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		if f.Type == "datetime" {
			if t, err := time.Parse(timeLayout, x); err == nil {
				return t.UTC().Format("2006-01-02T15:04:05.000Z")
			}
		}
		return x
	case bool:
		return strconv.FormatBool(x)
	case float64:
		if f.Type == "int" {
			return strconv.FormatInt(int64(x), 10)
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return ""
}

// readCSV parses uploaded job data with the job's delimiter.
func readCSV(data []byte, delim string) ([][]string, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = delimiters[delim]
	r.FieldsPerRecord = -1
	return r.ReadAll()
}
