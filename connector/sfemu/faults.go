package sfemu

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// The faults a real org shows and the emulator can be told to show; each
// answers with Salesforce's own body (see doc.go for how to switch them on).

// FailNext makes the next n API calls answer e (counted as calls, as the org
// counts a refused request), e.g.
// &APIError{Status: 403, Code: "INSUFFICIENT_ACCESS", Message: "..."}.
func (s *Server) FailNext(n int, e *APIError) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.failNext, s.faults.failWith = n, e
}

// TimeOutNextQueries makes the next n query, queryAll and queryMore calls
// answer 400 QUERY_TIMEOUT, as an org does when a query runs past its limit.
func (s *Server) TimeOutNextQueries(n int) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.queryTimeouts = n
}

// SetAPIDisabled turns the org's API access off (true) or on again: every
// REST call then answers 403 API_DISABLED_FOR_ORG and a SOAP login faults
// with API_DISABLED_FOR_ORG; OAuth logins still succeed, as in a real org.
func (s *Server) SetAPIDisabled(disabled bool) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.apiDisabled = disabled
}

// DenyObject takes the integration user's access to an object away (or gives
// it back with deny false): reads, writes, describes and queries touching it
// answer 403 INSUFFICIENT_ACCESS.
func (s *Server) DenyObject(objectName string, deny bool) error {
	o, err := s.object(objectName)
	if err != nil {
		return err
	}
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	if s.faults.denied == nil {
		s.faults.denied = map[string]bool{}
	}
	s.faults.denied[strings.ToLower(o.Name)] = deny
	return nil
}

// HideField hides a field from the integration user by field-level security
// (or shows it again with hide false): describe no longer lists it, records
// come back without it, a query naming it answers 400 INVALID_FIELD and a
// write naming it 400 INVALID_FIELD. The stored values are kept.
func (s *Server) HideField(objectName, fieldName string, hide bool) error {
	o, err := s.object(objectName)
	if err != nil {
		return err
	}
	f := o.byLower[strings.ToLower(fieldName)]
	if f == nil {
		return fmt.Errorf("sfemu: hide field: %s has no field %q", o.Name, fieldName)
	}
	if f.Type == "id" {
		return fmt.Errorf("sfemu: hide field: %s.Id cannot be hidden", o.Name)
	}
	f.hidden.Store(hide)
	s.schemaAt.Store(time.Now().UnixNano()) // describe answers the change, not 304
	return nil
}

// hideFields applies Options.HiddenFields ("Object.Field" each).
func (s *Server) hideFields(list []string) error {
	for _, of := range list {
		obj, fld, ok := strings.Cut(of, ".")
		if !ok {
			return fmt.Errorf("sfemu: hidden field %q: write it as Object.Field, e.g. Lead.Email", of)
		}
		if err := s.HideField(obj, fld, true); err != nil {
			return err
		}
	}
	return nil
}

// SetRefreshTokenRotation turns refresh-token rotation on or off: when on, a
// refresh_token grant answers with a new refresh_token and the one it used
// stops working (invalid_grant on its next use).
func (s *Server) SetRefreshTokenRotation(on bool) {
	s.auth.mu.Lock()
	defer s.auth.mu.Unlock()
	s.auth.rotate = on
}

func (f *faultState) disabled() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.apiDisabled
}

// takeQueryTimeout reports whether this query call must time out.
func (s *Server) takeQueryTimeout() bool {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	if s.faults.queryTimeouts > 0 {
		s.faults.queryTimeouts--
		return true
	}
	return false
}

// access answers INSUFFICIENT_ACCESS when any of objs is denied; write
// tells a read from a write, whose messages differ.
func (s *Server) access(write bool, objs ...*object) *APIError {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	for _, o := range objs {
		if o != nil && s.faults.denied[strings.ToLower(o.Name)] {
			if write {
				return apiErr(http.StatusForbidden, "INSUFFICIENT_ACCESS", "insufficient access rights on object id")
			}
			return apiErr(http.StatusForbidden, "INSUFFICIENT_ACCESS", "You do not have permission to view this record.")
		}
	}
	return nil
}

func errQueryTimeout() *APIError {
	return apiErr(http.StatusBadRequest, "QUERY_TIMEOUT", "Your query request was running for too long.")
}

func errAPIDisabled() *APIError {
	return apiErr(http.StatusForbidden, "API_DISABLED_FOR_ORG", "The REST API is not enabled for this Organization.")
}
