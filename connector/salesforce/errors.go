package salesforce

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Sentinels; test with errors.Is. Errors that carry them also say in words what to do.
var (
	// ErrUnauthorized: Salesforce refused the credentials or the grant was revoked; the connection
	// stays unauthorized (no call reaches the network) until Reconnect succeeds.
	ErrUnauthorized = errors.New("salesforce: connection unauthorized")
	// ErrLimited: the API budget is spent or Salesforce answered REQUEST_LIMIT_EXCEEDED after retries.
	ErrLimited = errors.New("salesforce: API limit reached")
	// ErrUnavailable: Salesforce answered 503 (or could not be reached) on every attempt.
	ErrUnavailable = errors.New("salesforce: unavailable")
	// ErrNotFound: the record or resource does not exist (HTTP 404).
	ErrNotFound = errors.New("salesforce: not found")
	// ErrDuplicate: a Salesforce duplicate rule blocked the write (DUPLICATES_DETECTED).
	ErrDuplicate = errors.New("salesforce: duplicate detected")
)

// APIError is one error answer from Salesforce (REST error array, OAuth error or SOAP fault).
type APIError struct {
	StatusCode int         // HTTP status; 0 inside per-record composite results
	Code       string      // errorCode / statusCode / OAuth error / SOAP fault code, e.g. INVALID_FIELD
	Message    string      // Salesforce's own message
	Fields     []string    // fields the error is about, when Salesforce names them
	Duplicates []Duplicate // DUPLICATES_DETECTED: the existing records the duplicate rule matched
}

// Error renders the status, code, message and fields.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("salesforce")
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, " HTTP %d", e.StatusCode)
	}
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if len(e.Fields) > 0 {
		b.WriteString(" (fields: " + strings.Join(e.Fields, ", ") + ")")
	}
	return b.String()
}

// Is maps the error onto the package sentinels (404 → ErrNotFound, DUPLICATES_DETECTED →
// ErrDuplicate, REQUEST_LIMIT_EXCEEDED → ErrLimited).
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrDuplicate:
		return e.Code == "DUPLICATES_DETECTED"
	case ErrLimited:
		return e.Code == "REQUEST_LIMIT_EXCEEDED"
	}
	return false
}

// restError is one element of a REST error array or of a composite result's errors.
type restError struct {
	Message    string           `json:"message"`
	ErrorCode  string           `json:"errorCode"`
	StatusCode string           `json:"statusCode"`
	Fields     []string         `json:"fields"`
	Duplicate  *duplicateResult `json:"duplicateResult"`
}

func (r restError) apiError(status int) *APIError {
	code := r.ErrorCode
	if code == "" {
		code = r.StatusCode
	}
	return &APIError{StatusCode: status, Code: code, Message: r.Message, Fields: r.Fields, Duplicates: r.Duplicate.records()}
}

type soapFault struct {
	Code    string `xml:"Body>Fault>faultcode"`
	Message string `xml:"Body>Fault>faultstring"`
	Detail  string `xml:"Body>Fault>detail>LoginFault>exceptionCode"`
}

// parseError turns an error response body into an APIError, whatever its shape.
func parseError(status int, body []byte) *APIError {
	trimmed := strings.TrimSpace(string(body))
	var arr []restError
	if json.Unmarshal(body, &arr) == nil && len(arr) > 0 && (arr[0].Message != "" || arr[0].ErrorCode != "" || arr[0].StatusCode != "") {
		e := arr[0].apiError(status)
		for _, more := range arr[1:] {
			e.Message += "; " + more.Message
		}
		return e
	}
	var oauth struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	if json.Unmarshal(body, &oauth) == nil && oauth.Error != "" {
		return &APIError{StatusCode: status, Code: oauth.Error, Message: oauth.Description}
	}
	var fault soapFault
	if strings.HasPrefix(trimmed, "<") && xml.Unmarshal(body, &fault) == nil && fault.Code != "" {
		code := fault.Detail
		if code == "" {
			code = fault.Code
		}
		if i := strings.LastIndex(code, ":"); i >= 0 {
			code = code[i+1:]
		}
		return &APIError{StatusCode: status, Code: code, Message: fault.Message}
	}
	if len(trimmed) > 200 {
		trimmed = trimmed[:200] + "…"
	}
	if trimmed == "" {
		trimmed = http.StatusText(status)
	}
	if trimmed == "" {
		trimmed = "answer without a body"
	}
	return &APIError{StatusCode: status, Message: trimmed}
}

// connError is a failure of the connection (not of one request): it carries the sentinel, the
// sentence shown to users, and the cause.
type connError struct {
	kind  error
	msg   string
	cause error
}

func (e *connError) Error() string   { return e.msg }
func (e *connError) Unwrap() []error { return []error{e.kind, e.cause} }

// userMessage returns the sentence for users if err is a connection failure, else err.Error().
func userMessage(err error) string {
	var ce *connError
	if errors.As(err, &ce) {
		return ce.msg
	}
	return err.Error()
}

// credentialsMessage explains a refused login for the configured mode.
func credentialsMessage(mode AuthMode, e *APIError) string {
	why := e.Code
	if e.Message != "" {
		why += ": " + e.Message
	}
	const reconnect = "then reconnect in Settings → Connection"
	switch mode {
	case AuthRefreshToken:
		return fmt.Sprintf("Salesforce refused the refresh token (%s): the grant was revoked or has expired; "+
			"authorize refsync again and set REFSYNC_SF_REFRESH_TOKEN (and REFSYNC_SF_CLIENT_ID/REFSYNC_SF_CLIENT_SECRET if they changed), %s", why, reconnect)
	case AuthClientCredentials:
		return fmt.Sprintf("Salesforce refused the client credentials (%s): check REFSYNC_SF_CLIENT_ID and REFSYNC_SF_CLIENT_SECRET "+
			"and that the connected app enables the client-credentials flow with a run-as user, %s", why, reconnect)
	default:
		return fmt.Sprintf("Salesforce refused the username/password login (%s): check REFSYNC_SF_USERNAME, REFSYNC_SF_PASSWORD "+
			"and the security token (REFSYNC_SF_SECURITY_TOKEN; it changes when the password is reset), %s", why, reconnect)
	}
}
