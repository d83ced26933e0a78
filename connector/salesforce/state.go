package salesforce

import (
	"context"
	"errors"
	"time"
)

// Status is the connection state shown to admins and persisted by the store.
type Status string

// Connection states (SPEC "Connection").
const (
	// StatusConnected: the last call reached Salesforce with a valid session.
	StatusConnected Status = "connected"
	// StatusUnauthorized: credentials refused or grant revoked; sync pauses until Reconnect.
	StatusUnauthorized Status = "unauthorized"
	// StatusLimited: the API budget is spent or Salesforce reports REQUEST_LIMIT_EXCEEDED; sync waits.
	StatusLimited Status = "limited"
	// StatusError: Salesforce is unavailable or unreachable, or login failed for another reason.
	StatusError Status = "error"
)

// Usage is the org's API usage as last reported by Salesforce (Sforce-Limit-Info or /limits).
type Usage struct {
	Used int       // API requests used in the last 24 hours
	Max  int       // daily allowance
	At   time.Time // when Salesforce reported it; zero if never
}

// State is a snapshot of the connection.
type State struct {
	Status        Status    // "" until the first call
	Since         time.Time // when Status last changed
	LastConnected time.Time // last successful answer from Salesforce
	LastError     string    // sentence for users; empty when connected
	Usage         Usage     // org-wide API usage
	Calls         int64     // HTTP calls this client made (logins included)
}

// State returns a snapshot of the connection state.
func (c *Client) State() State {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.st
	s.Usage = c.usage
	s.Calls = c.calls.Load()
	return s
}

// setState records a status change and calls OnStateChange when status or message changed.
func (c *Client) setState(status Status, msg string) {
	now := time.Now()
	c.mu.Lock()
	changed := c.st.Status != status || c.st.LastError != msg
	if c.st.Status != status {
		c.st.Since = now
	}
	c.st.Status = status
	c.st.LastError = msg
	if status == StatusConnected {
		c.st.LastConnected = now
	}
	s := c.st
	s.Usage = c.usage
	s.Calls = c.calls.Load()
	fn := c.config().OnStateChange
	c.mu.Unlock()
	if changed && fn != nil {
		fn(s)
	}
}

// markFailure sets the state a final error implies and returns the error.
func (c *Client) markFailure(err error) error {
	switch {
	case errors.Is(err, ErrUnauthorized):
		c.setState(StatusUnauthorized, userMessage(err))
	case errors.Is(err, ErrLimited):
		c.setState(StatusLimited, userMessage(err))
	case errors.Is(err, ErrUnavailable):
		c.setState(StatusError, userMessage(err))
	default:
		var ae *APIError
		if errors.As(err, &ae) && ae.Code == "API_DISABLED_FOR_ORG" {
			// Logged in, yet every call is refused: not "connected".
			c.setState(StatusError, "Salesforce refuses every API call of this org (API_DISABLED_FOR_ORG): the org's edition has no API access, "+
				"or the integration user lacks the \"API Enabled\" permission — turn it on in its profile or a permission set; the sync tries again by itself")
		} else if errors.As(err, &ae) && ae.StatusCode >= 400 && ae.StatusCode < 500 {
			// Salesforce answered with a valid session: the connection is fine, the request was not.
			c.setState(StatusConnected, "")
		} else if !errors.Is(err, context.Canceled) {
			c.setState(StatusError, userMessage(err))
		}
	}
	return err
}

// unauthorizedErr returns the sticky error while the connection is unauthorized.
func (c *Client) unauthorizedErr() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.st.Status != StatusUnauthorized {
		return nil
	}
	return &connError{kind: ErrUnauthorized, msg: c.st.LastError, cause: errors.New("connection is unauthorized until Reconnect")}
}
