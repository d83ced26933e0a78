package sfemu

import (
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strings"
)

// recordPage is the read-only page a browser gets at /{id}, where the org's
// "open in Salesforce" links point (Lightning's /lightning/r/... is not emulated).
var recordPage = template.Must(template.New("record").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Object}} {{.ID}} — Salesforce emulator</title>
<style>body{font:15px system-ui,sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse}td,th{text-align:left;padding:3px 10px;border-bottom:1px solid #ddd;vertical-align:top}th{font-weight:600}</style></head>
<body><p>Salesforce emulator · read-only record page{{if .Deleted}} · <strong>in the recycle bin</strong>{{end}}</p>
<h1>{{.Object}} {{.ID}}</h1>
<table>{{range .Fields}}<tr><th scope="row">{{.Name}}</th><td>{{.Value}}</td></tr>{{end}}</table>
<p>Change records through the REST API (/services/data/…) or, in refsync demo, its "Salesforce side" page.</p>
</body></html>
`))

type pageField struct{ Name, Value string }

// handleRecordPage answers GET /{id} with the record's fields as HTML, or
// false when the path names no record (the caller answers 404).
func (s *Server) handleRecordPage(w http.ResponseWriter, r *http.Request) bool {
	id := strings.TrimPrefix(r.URL.Path, "/")
	if r.Method != http.MethodGet || strings.Contains(id, "/") || (len(id) != 15 && len(id) != 18) {
		return false
	}
	s.mu.RLock()
	rec := s.find(id)
	var obj string
	var f map[string]any
	deleted := false
	if rec != nil {
		obj, f, deleted = rec.obj.Name, copyMap(rec.f), rec.deleted()
	}
	s.mu.RUnlock()
	if rec == nil {
		return false
	}
	names := make([]string, 0, len(f))
	for k, v := range f {
		if v != nil && v != "" {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	fields := make([]pageField, 0, len(names))
	for _, k := range names {
		fields = append(fields, pageField{k, fmt.Sprint(f[k])})
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	recordPage.Execute(w, map[string]any{"Object": obj, "ID": f["Id"], "Fields": fields, "Deleted": deleted})
	return true
}
