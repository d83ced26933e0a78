package sfemu

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// faultState holds the API allowance and injected faults (see faults.go).
type faultState struct {
	mu            sync.Mutex
	limit         int
	calls         int
	fail503       int
	fail401       int
	failNext      int
	failWith      *APIError
	queryTimeouts int
	apiDisabled   bool
	denied        map[string]bool // lower object name → INSUFFICIENT_ACCESS
	latency       time.Duration
}

// SetDailyLimit changes the API allowance; past it calls answer 403 REQUEST_LIMIT_EXCEEDED.
func (s *Server) SetDailyLimit(n int) { s.faults.mu.Lock(); s.faults.limit = n; s.faults.mu.Unlock() }

// FailNext503 makes the next n API calls answer 503 SERVER_UNAVAILABLE.
func (s *Server) FailNext503(n int) { s.faults.mu.Lock(); s.faults.fail503 = n; s.faults.mu.Unlock() }

// FailNext401 makes the next n API calls answer 401 INVALID_SESSION_ID.
func (s *Server) FailNext401(n int) { s.faults.mu.Lock(); s.faults.fail401 = n; s.faults.mu.Unlock() }

// SetLatency delays every answer by d.
func (s *Server) SetLatency(d time.Duration) {
	s.faults.mu.Lock()
	s.faults.latency = d
	s.faults.mu.Unlock()
}

// APICalls is the number of API calls served today, as Sforce-Limit-Info reports.
func (s *Server) APICalls() int {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	return s.faults.calls
}

// ResetUsage sets the API call count back to zero (a new day).
func (s *Server) ResetUsage() { s.faults.mu.Lock(); s.faults.calls = 0; s.faults.mu.Unlock() }

// admit decides how an API call is answered before it runs: nil to serve
// it (and count it), or the error to send. Unauthenticated calls are not counted.
func (s *Server) admit(authed bool) *APIError {
	f := &s.faults
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case f.fail503 > 0:
		f.fail503--
		return apiErr(http.StatusServiceUnavailable, "SERVER_UNAVAILABLE", "Server temporarily unavailable")
	case f.fail401 > 0:
		f.fail401--
		return errSession()
	case !authed:
		return errSession()
	case f.apiDisabled:
		return errAPIDisabled()
	case f.failNext > 0:
		f.failNext--
		f.calls++
		return f.failWith
	case f.calls >= f.limit:
		return apiErr(http.StatusForbidden, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
	}
	f.calls++
	return nil
}

func (s *Server) limitInfo() string {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	return fmt.Sprintf("api-usage=%d/%d", s.faults.calls, s.faults.limit)
}

func errSession() *APIError {
	return apiErr(http.StatusUnauthorized, "INVALID_SESSION_ID", "Session expired or invalid")
}

// ServeHTTP answers one Salesforce call. Doubled slashes in the path are
// read as one, as the org does: a client that keeps the instance URL with a
// trailing slash (the Salesforce CLI) asks for //services/data/....
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.Contains(r.URL.Path, "//") {
		r.URL.Path = collapseSlashes(r.URL.Path)
		r.URL.RawPath = ""
	}
	if s.opts.RequestLog == nil {
		s.serve(w, r)
		return
	}
	sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	start := time.Now()
	s.serve(sw, r)
	s.logRequest(r, sw.status, time.Since(start))
}

func collapseSlashes(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] == '/' && i > 0 && p[i-1] == '/' {
			continue
		}
		b.WriteByte(p[i])
	}
	return b.String()
}

// serve answers one call once the path is clean.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.faults.mu.Lock()
	lat := s.faults.latency
	s.faults.mu.Unlock()
	if lat > 0 {
		select {
		case <-time.After(lat):
		case <-r.Context().Done():
			return
		}
	}
	p := r.URL.Path
	switch {
	case p == "/services/oauth2/token":
		s.handleToken(w, r)
	case p == "/services/oauth2/revoke":
		s.handleRevoke(w, r)
	case p == "/services/oauth2/userinfo" || strings.HasPrefix(p, "/id/"):
		s.handleIdentity(w, r)
	case strings.HasPrefix(p, "/services/Soap/u/") || strings.HasPrefix(p, "/services/Soap/c/"):
		s.handleSOAPLogin(w, r)
	case p == "/services/data" || p == "/services/data/":
		s.handleVersions(w, r)
	case strings.HasPrefix(p, "/services/data/v"):
		s.handleAPI(w, r)
	case strings.HasPrefix(p, "/cometd/"):
		s.handleCometD(w, r)
	case s.handleRecordPage(w, r): // the page "open in Salesforce" links reach
	default:
		writeErr(w, errNotFound())
	}
}

// handleAPI authenticates, counts and dispatches a /services/data/vXX.X call.
func (s *Server) handleAPI(w http.ResponseWriter, r *http.Request) {
	rest := strings.TrimPrefix(r.URL.Path, "/services/data/")
	ver, rest, _ := strings.Cut(rest, "/")
	if !knownVersion(ver) {
		writeErr(w, errNotFound())
		return
	}
	err := s.admit(s.authorized(r))
	w.Header().Set("Sforce-Limit-Info", s.limitInfo())
	if err != nil {
		writeErr(w, err)
		return
	}
	s.purgeExpired()
	c := &call{s: s, w: w, r: r, ver: ver, parts: splitPath(rest), trailing: strings.HasSuffix(rest, "/")}
	c.dispatch()
}

func splitPath(p string) []string {
	var out []string
	for _, s := range strings.Split(p, "/") {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// call is one API request being answered.
type call struct {
	s        *Server
	w        http.ResponseWriter
	r        *http.Request
	ver      string
	parts    []string
	trailing bool
}

func (c *call) dispatch() {
	p, m := c.parts, c.r.Method
	n := len(p)
	switch {
	case n == 0:
		c.json(200, map[string]string{"sobjects": c.base() + "/sobjects", "query": c.base() + "/query", "limits": c.base() + "/limits"})
	case p[0] == "limits" && n == 1:
		c.limits()
	case p[0] == "limits" && n == 2 && p[1] == "recordCount" && m == http.MethodGet:
		c.recordCount()
	case p[0] == "jobs":
		c.jobs()
	case (p[0] == "search" || p[0] == "parameterizedSearch") && n == 1:
		c.search()
	case p[0] == "composite" && n == 3 && p[1] == "tree" && m == http.MethodPost:
		c.tree(p[2])
	case (p[0] == "query" || p[0] == "queryAll") && n <= 2 && m == http.MethodGet:
		c.query(p[0] == "queryAll")
	case p[0] == "tooling" && n == 2 && p[1] == "query" && m == http.MethodGet:
		c.tooling()
	case p[0] == "sobjects":
		c.sobjects()
	case p[0] == "composite" && n == 1 && m == http.MethodPost:
		c.composite()
	case p[0] == "composite" && n >= 2 && p[1] == "sobjects":
		c.collections()
	default:
		c.err(errNotFound())
	}
}

func (c *call) base() string { return "/services/data/" + c.ver }

func (c *call) json(status int, v any) { writeJSON(c.w, status, v) }

func (c *call) err(e *APIError) { writeErr(c.w, e) }

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	writeRaw(w, status, b)
}

func writeRaw(w http.ResponseWriter, status int, b []byte) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// restError is one element of a REST error array.
type restError struct {
	Message   string   `json:"message"`
	ErrorCode string   `json:"errorCode"`
	Fields    []string `json:"fields,omitempty"`
}

func writeErr(w http.ResponseWriter, e *APIError) {
	writeJSON(w, e.Status, []restError{{Message: e.Message, ErrorCode: e.Code, Fields: e.Fields}})
}
