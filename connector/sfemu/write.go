package sfemu

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// APIError is an error as Salesforce reports it: HTTP status, errorCode,
// message and the fields concerned.
type APIError struct {
	Status  int
	Code    string
	Message string
	Fields  []string
	Extra   map[string]any // more keys of the error body, e.g. duplicateResult (duplicates.go)
}

// Error returns "CODE: message".
func (e *APIError) Error() string { return e.Code + ": " + e.Message }

func apiErr(status int, code, msg string, fields ...string) *APIError {
	return &APIError{Status: status, Code: code, Message: msg, Fields: fields}
}

func errNotFound() *APIError {
	return apiErr(http.StatusNotFound, "NOT_FOUND", "The requested resource does not exist")
}

// writeMode says who is writing: the REST API checks createable/updateable,
// the Go seeding methods may set any field.
type writeMode int

const (
	modeCreate writeMode = iota
	modeUpdate
	modeDirect
)

// apply validates in against o and returns the new field map built on old
// (nil for a create). Callers hold s.mu.
func (s *Server) apply(o *object, old map[string]any, in map[string]any, mode writeMode) (map[string]any, *APIError) {
	out := make(map[string]any, len(o.Fields))
	for k, v := range old {
		out[k] = v
	}
	var locked []string
	keys := make([]string, 0, len(in))
	for k := range in {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if k == "attributes" || strings.EqualFold(k, "Id") && old != nil {
			continue
		}
		f := o.field(k)
		if mode == modeDirect {
			f = o.byLower[strings.ToLower(k)] // seeding may set fields the user cannot see
		}
		if f == nil {
			return nil, apiErr(400, "INVALID_FIELD", fmt.Sprintf("No such column '%s' on sobject of type %s", k, o.Name))
		}
		if mode == modeCreate && !f.Createable || mode == modeUpdate && !f.Updateable || f.Type == "address" || f.Type == "id" ||
			mode != modeDirect && f.readOnly.Load() {
			locked = append(locked, f.Name)
			continue
		}
		v, err := s.coerce(o, f, in[k])
		if err != nil {
			return nil, err
		}
		out[f.Name] = v
	}
	if len(locked) > 0 {
		return nil, apiErr(400, "INVALID_FIELD_FOR_INSERT_UPDATE", "Unable to create/update fields: "+strings.Join(locked, ", ")+
			". Please check the security settings of this field and verify that it is read/write for your profile or permission set.", locked...)
	}
	derive(o, out, s.wonStage())
	if mode != modeDirect || old == nil {
		if err := checkRequired(o, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func checkRequired(o *object, m map[string]any) *APIError {
	var miss []string
	for _, f := range o.visible() {
		if v, ok := m[f.Name]; f.required() && (!ok || v == nil || v == "") {
			miss = append(miss, f.Name)
		}
	}
	if len(miss) > 0 {
		return apiErr(400, "REQUIRED_FIELD_MISSING", "Required fields are missing: ["+strings.Join(miss, ", ")+"]", miss...)
	}
	return nil
}

// derive fills the fields Salesforce computes.
func derive(o *object, m map[string]any, won string) {
	if o.byLower["firstname"] != nil && o.byLower["name"] != nil {
		first, _ := m["FirstName"].(string)
		last, _ := m["LastName"].(string)
		m["Name"] = strings.TrimSpace(first + " " + last)
	}
	if o.Name == "Opportunity" {
		stage, _ := m["StageName"].(string)
		m["IsClosed"] = strings.HasPrefix(stage, "Closed")
		m["IsWon"] = stage == won
	}
}

// jsonKind names a JSON value the way Salesforce's parser errors do.
func jsonKind(v any) string {
	switch x := v.(type) {
	case string:
		return "VALUE_STRING value " + x
	case float64:
		if x == float64(int64(x)) {
			return "VALUE_NUMBER_INT value " + strconv.FormatInt(int64(x), 10)
		}
		return "VALUE_NUMBER_FLOAT value " + strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return "VALUE_" + strings.ToUpper(strconv.FormatBool(x))
	case []any:
		return "START_ARRAY"
	}
	return "START_OBJECT"
}

func parseErr(soapType string, v any) *APIError {
	return apiErr(400, "JSON_PARSER_ERROR", fmt.Sprintf("Cannot deserialize instance of %s from %s or request may be missing a required field", soapType, jsonKind(v)))
}

// coerce checks v against f's type and returns the stored form.
func (s *Server) coerce(o *object, f *field, v any) (any, *APIError) {
	if v == nil {
		return nil, nil
	}
	switch f.Type {
	case "int", "double", "currency", "percent":
		return coerceNumber(f, v)
	case "boolean":
		if b, ok := v.(bool); ok {
			return b, nil
		}
		return nil, parseErr("boolean", v)
	case "datetime":
		return coerceTime(v, "datetime")
	case "date":
		return coerceTime(v, "date")
	case "reference":
		return s.coerceRef(f, v)
	}
	var str string
	switch x := v.(type) {
	case string:
		str = x
	case float64:
		str = strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		str = strconv.FormatBool(x)
	default:
		return nil, parseErr("string", v)
	}
	if f.Length > 0 && len([]rune(str)) > f.Length {
		return nil, apiErr(400, "STRING_TOO_LONG", fmt.Sprintf("%s: data value too large: %s (max length=%d)", label(f), str, f.Length), f.Name)
	}
	if str != "" {
		if err := checkPicklist(f, str); err != nil {
			return nil, err
		}
	}
	if f.Type == "email" && str != "" && !validEmail(str) {
		return nil, apiErr(400, "INVALID_EMAIL_ADDRESS", fmt.Sprintf("%s: invalid email address: %s", label(f), str), f.Name)
	}
	if str == "" {
		return nil, nil // Salesforce stores an empty text as null
	}
	return str, nil
}

func label(f *field) string {
	if l, ok := f.raw["label"].(string); ok {
		return l
	}
	return f.Name
}

func validEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	return at > 0 && strings.Contains(s[at+1:], ".") && !strings.ContainsAny(s, " ,;")
}

func coerceNumber(f *field, v any) (any, *APIError) {
	soap := "double"
	if f.Type == "int" {
		soap = "int"
	}
	switch x := v.(type) {
	case float64:
		return x, nil
	case string:
		if n, err := strconv.ParseFloat(strings.TrimSpace(x), 64); err == nil {
			return n, nil
		}
	}
	return nil, parseErr(soap, v)
}

var timeLayouts = []string{timeLayout, "2006-01-02T15:04:05.000Z07:00", time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05"}

func coerceTime(v any, kind string) (any, *APIError) {
	str, ok := v.(string)
	if !ok {
		return nil, parseErr(kind, v)
	}
	if kind == "date" {
		if t, err := time.Parse("2006-01-02", str); err == nil {
			return t.Format("2006-01-02"), nil
		}
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, str); err == nil {
			if kind == "date" {
				return t.Format("2006-01-02"), nil
			}
			return formatTime(t), nil
		}
	}
	if kind == "datetime" {
		if t, err := time.Parse("2006-01-02", str); err == nil {
			return formatTime(t), nil
		}
	}
	return nil, parseErr(kind, v)
}

func (s *Server) coerceRef(f *field, v any) (any, *APIError) {
	str, ok := v.(string)
	if !ok {
		return nil, parseErr("ID", v)
	}
	if str == "" {
		return nil, nil
	}
	id, ok := normID(str)
	if !ok {
		return nil, apiErr(400, "MALFORMED_ID", fmt.Sprintf("%s: id value of incorrect type: %s", label(f), str), f.Name)
	}
	target := s.find(id)
	if target == nil || target.deleted() {
		return nil, apiErr(400, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", f.Name)
	}
	for _, t := range f.RefTo {
		if strings.EqualFold(t, target.obj.Name) {
			return id, nil
		}
	}
	if len(f.RefTo) == 0 {
		return id, nil
	}
	return nil, apiErr(400, "FIELD_INTEGRITY_EXCEPTION", fmt.Sprintf("%s: id value of incorrect type: %s", label(f), str), f.Name)
}
