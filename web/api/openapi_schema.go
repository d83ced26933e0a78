package api

import (
	"encoding/json"
	"reflect"
	"strings"
)

// schemaSet builds JSON Schemas (OpenAPI 3.1 dialect) from the Go types the
// API reads and writes, so that the description follows the code.
type schemaSet struct {
	defs map[string]any
}

var marshaler = reflect.TypeOf((*json.Marshaler)(nil)).Elem()

// ref returns a reference to the named schema of t, building it once.
func (ss *schemaSet) ref(name string, t reflect.Type) map[string]any {
	if _, ok := ss.defs[name]; !ok {
		ss.defs[name] = map[string]any{} // a placeholder breaks cycles
		ss.defs[name] = ss.schema(t)
	}
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

// schema is the JSON Schema of t.
func (ss *schemaSet) schema(t reflect.Type) map[string]any {
	if t.Implements(marshaler) && t.Kind() != reflect.Pointer {
		if t.Kind() == reflect.Int64 { // a duration such as config.Duration: "90s", "5m"
			return map[string]any{"type": "string", "examples": []string{"2m0s"}}
		}
		return map[string]any{}
	}
	switch t.Kind() {
	case reflect.Pointer:
		s := ss.schema(t.Elem())
		if typ, ok := s["type"].(string); ok {
			s["type"] = []string{typ, "null"}
		}
		return s
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int64, reflect.Int32:
		return map[string]any{"type": "integer"}
	case reflect.Float64, reflect.Float32:
		return map[string]any{"type": "number"}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 { // json.RawMessage
			return map[string]any{}
		}
		return map[string]any{"type": "array", "items": ss.schema(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": ss.schema(t.Elem())}
	case reflect.Interface:
		return map[string]any{}
	case reflect.Struct:
		props := map[string]any{}
		ss.fields(t, props)
		return map[string]any{"type": "object", "properties": props}
	}
	return map[string]any{}
}

// fields adds the JSON fields of struct t (embedded structs flattened) to props.
func (ss *schemaSet) fields(t reflect.Type, props map[string]any) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			ss.fields(ft, props)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = ss.schema(f.Type)
	}
}
