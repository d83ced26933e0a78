package sfemu

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
)

// The login and error-page troubles of a real org (issue 21): a login refused
// for a while (login rate exceeded, retry your request, a 5xx from the token
// endpoint) and an HTML error page where a JSON error is expected.

// LoginRefusal is how the token endpoint refuses a login that may pass later.
type LoginRefusal string

// The transient login refusals Salesforce sends.
const (
	// LoginRateExceeded: 400 {"error":"invalid_grant","error_description":"login rate exceeded"}.
	LoginRateExceeded LoginRefusal = "rate"
	// LoginRetry: 400 {"error":"unknown_error","error_description":"retry your request"}.
	LoginRetry LoginRefusal = "retry"
	// LoginPage503: 503 with an HTML maintenance page.
	LoginPage503 LoginRefusal = "503"
)

// troubleState holds the faults of this file.
type troubleState struct {
	mu         sync.Mutex
	logins     int
	loginKind  LoginRefusal
	pages      int
	pageStatus int
}

// RefuseLogins makes the next n OAuth token requests answer kind, as an org
// does when one user logs in too often or its login servers are busy.
func (s *Server) RefuseLogins(n int, kind LoginRefusal) error {
	switch kind {
	case LoginRateExceeded, LoginRetry, LoginPage503:
	default:
		return fmt.Errorf("sfemu: login refusal %q: use rate, retry or 503", kind)
	}
	s.trouble.mu.Lock()
	defer s.trouble.mu.Unlock()
	s.trouble.logins, s.trouble.loginKind = n, kind
	return nil
}

// FailNextWithPage makes the next n REST API calls answer status (500, 502,
// 503, 504) with an HTML error page instead of Salesforce's JSON error array,
// as the org's load balancer does during an incident.
func (s *Server) FailNextWithPage(n, status int) {
	s.trouble.mu.Lock()
	defer s.trouble.mu.Unlock()
	s.trouble.pages, s.trouble.pageStatus = n, status
}

// answerTrouble answers r with a switched-on trouble and reports whether it did.
func (s *Server) answerTrouble(w http.ResponseWriter, r *http.Request) bool {
	t := &s.trouble
	t.mu.Lock()
	defer t.mu.Unlock()
	switch {
	case r.URL.Path == "/services/oauth2/token" && t.logins > 0:
		t.logins--
		switch t.loginKind {
		case LoginRateExceeded:
			writeJSON(w, http.StatusBadRequest, oauthError{"invalid_grant", "login rate exceeded"})
		case LoginRetry:
			writeJSON(w, http.StatusBadRequest, oauthError{"unknown_error", "retry your request"})
		default:
			writeErrorPage(w, http.StatusServiceUnavailable)
		}
		return true
	case strings.HasPrefix(r.URL.Path, "/services/data/v") && t.pages > 0:
		t.pages--
		writeErrorPage(w, t.pageStatus)
		return true
	}
	return false
}

// errorPage is the shape of the page Salesforce's edge serves for a failed request.
const errorPage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>%[1]d %[2]s</title>
<style>body{font-family:Arial,sans-serif;background:#f4f6f9}</style></head>
<body><div class="container"><h1>%[2]s</h1>
<p>An unexpected error has occurred. Please try again later. If the problem persists, contact Salesforce Support.</p>
<p class="code">Error ID: 1234567890-12345 (-1563045925)</p></div></body></html>
`

func writeErrorPage(w http.ResponseWriter, status int) {
	if status < 500 {
		status = http.StatusInternalServerError
	}
	w.Header().Set("Content-Type", "text/html;charset=UTF-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, errorPage, status, http.StatusText(status))
}
