package sfemu

import (
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// statusWriter remembers the status of an answer for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

// WriteHeader records the status and passes it on.
func (w *statusWriter) WriteHeader(status int) {
	w.status = status
	w.ResponseWriter.WriteHeader(status)
}

// Unwrap gives http.ResponseController the writer underneath.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

var logMu sync.Mutex // one line at a time, whoever shares the writer

// logRequest writes one line per call to Options.RequestLog: time, method,
// path with its decoded query, status and duration.
func (s *Server) logRequest(r *http.Request, status int, took time.Duration) {
	target := r.URL.Path
	if r.URL.RawQuery != "" {
		q, err := url.QueryUnescape(r.URL.RawQuery)
		if err != nil {
			q = r.URL.RawQuery
		}
		target += "?" + q
	}
	logMu.Lock()
	defer logMu.Unlock()
	fmt.Fprintf(s.opts.RequestLog, "%s %s %s %d %s\n", time.Now().UTC().Format("15:04:05.000"), r.Method, target, status,
		took.Round(time.Millisecond))
}
