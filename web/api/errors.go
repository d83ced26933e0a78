package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/refsync/refsync/connector/plain"
	"github.com/refsync/refsync/store"
)

// Error codes of the API; statusOf maps each to its HTTP status, in one place.
const (
	codeBadJSON      = "bad_json"
	codeUnknownField = "unknown_field"
	codeWrongType    = "wrong_type"
	codeInvalid      = "invalid"
	codeNotFound     = "not_found"
	codeConflict     = "conflict"
	codeTransition   = "status_not_allowed"
	codeUnauthorized = "unauthorized"
	codeForbidden    = "forbidden"
	codeTooLarge     = "too_large"
	codeMediaType    = "unsupported_media_type"
	codeMethod       = "method_not_allowed"
	codeUnavailable  = "unavailable"
	codeInternal     = "internal"
	codeKeyReused    = "idempotency_key_reused"
	codeDiskFull     = "disk_full"
)

var statusOf = map[string]int{
	codeBadJSON:      http.StatusBadRequest,
	codeUnknownField: http.StatusBadRequest,
	codeWrongType:    http.StatusBadRequest,
	codeInvalid:      http.StatusUnprocessableEntity,
	codeNotFound:     http.StatusNotFound,
	codeConflict:     http.StatusConflict,
	codeTransition:   http.StatusConflict,
	codeUnauthorized: http.StatusUnauthorized,
	codeForbidden:    http.StatusForbidden,
	codeTooLarge:     http.StatusRequestEntityTooLarge,
	codeMediaType:    http.StatusUnsupportedMediaType,
	codeMethod:       http.StatusMethodNotAllowed,
	codeUnavailable:  http.StatusServiceUnavailable,
	codeInternal:     http.StatusInternalServerError,
	codeKeyReused:    http.StatusUnprocessableEntity,
	codeDiskFull:     http.StatusInsufficientStorage,
}

// apiError is an error answered to the client as {"error": {...}}.
type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

func errf(code, field, format string, a ...any) *apiError {
	return &apiError{Code: code, Field: field, Message: fmt.Sprintf(format, a...)}
}

// asAPIError classifies any error: API errors as they are, store sentinels by kind, the rest internal.
func asAPIError(err error) *apiError {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	var te *store.TransitionError
	switch {
	case errors.Is(err, store.ErrDiskFull), errors.Is(err, plain.ErrDiskFull):
		return errf(codeDiskFull, "", "the disk that holds refsync's database is full, so nothing was changed; retry later (with the same Idempotency-Key) once there is room")
	case errors.As(err, &te):
		return errf(codeTransition, "status", "%s", te.Error())
	case errors.Is(err, plain.ErrPaused):
		return errf(codeUnavailable, "", "%s", err.Error())
	case errors.Is(err, store.ErrNotFound), errors.Is(err, plain.ErrNotFound):
		return errf(codeNotFound, "", "%s", userText(err))
	case errors.Is(err, store.ErrConflict), errors.Is(err, plain.ErrConflict):
		return errf(codeConflict, "", "%s", userText(err))
	case errors.Is(err, store.ErrInvalid), errors.Is(err, plain.ErrInvalid):
		return errf(codeInvalid, "", "%s", userText(err))
	case errors.Is(err, store.ErrTransition):
		return errf(codeTransition, "status", "%s", userText(err))
	}
	return nil
}

// userText drops the "store: …" plumbing from a store or receiver error.
func userText(err error) string {
	msg := err.Error()
	for _, sentinel := range []error{store.ErrNotFound, store.ErrConflict, store.ErrInvalid} { // connector's read the same
		if i := strings.Index(msg, sentinel.Error()+": "); i >= 0 {
			return msg[i+len(sentinel.Error())+2:]
		}
	}
	for _, p := range []string{"store: ", "connector: "} {
		msg = strings.ReplaceAll(msg, p, "")
	}
	return msg
}

func (s *server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	ae := asAPIError(err)
	if ae == nil || ae.Code == codeDiskFull {
		s.Logger.Error("api", slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.String("error", err.Error()))
	}
	if ae == nil {
		ae = errf(codeInternal, "", "the server failed; the error is logged")
	}
	if ae.Code == codeUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="refsync"`)
	}
	writeJSON(w, statusOf[ae.Code], map[string]*apiError{"error": ae})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// list is the shape of every list answer.
type list[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

// decode reads a JSON body of at most limit bytes into v strictly: unknown
// fields, wrong types, trailing data and non-JSON content types are refused
// with an error naming the field.
func decode(w http.ResponseWriter, r *http.Request, limit int64, v any) error {
	body, err := readBody(w, r, limit)
	if err != nil {
		return err
	}
	return decodeBytes(body, v)
}

// readBody checks the content type and reads at most limit bytes.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return nil, errf(codeMediaType, "", "send the body as application/json, not %q", ct)
		}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return nil, errf(codeTooLarge, "", "the body is larger than %d bytes", limit)
	}
	if err != nil {
		return nil, errf(codeBadJSON, "", "could not read the body: %v", err)
	}
	return body, nil
}

// decodeOptional is decode for a body that may be left out (empty leaves v as it is).
func decodeOptional(w http.ResponseWriter, r *http.Request, limit int64, v any) error {
	body, err := readBody(w, r, limit)
	if err != nil || len(bytes.TrimSpace(body)) == 0 {
		return err
	}
	return decodeBytes(body, v)
}

// decodeBytes is decode's strict JSON decoding of one value.
func decodeBytes(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return errf(codeBadJSON, "", "the body is empty; send a JSON object")
	}
	if !utf8.Valid(body) { // encoding/json would silently replace the bad bytes with U+FFFD
		at := 0
		for at < len(body) {
			r, n := utf8.DecodeRune(body[at:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			at += n
		}
		return errf(codeBadJSON, "", "the body is not valid UTF-8 (byte %d); JSON must be sent as UTF-8 text", at)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return errf(codeBadJSON, "", "the body has more than one JSON value")
	}
	return nil
}

func jsonError(err error) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		if te.Field == "" {
			return errf(codeWrongType, "", "the body must be a JSON object, not %s", te.Value)
		}
		return errf(codeWrongType, te.Field, "field %q must be %s, not %s", te.Field, jsonKind(te.Type.Kind().String()), te.Value)
	case errors.As(err, &se):
		return errf(codeBadJSON, "", "the body is not valid JSON: %v (at byte %d)", se, se.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errf(codeBadJSON, "", "the body is not valid JSON: it ends too early")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return errf(codeUnknownField, f, "unknown field %q", f)
	}
	return errf(codeBadJSON, "", "the body is not valid JSON: %v", err)
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "map", "struct":
		return "an object"
	case "slice", "array":
		return "an array"
	case "ptr":
		return "a value of another type"
	}
	return "a number"
}
