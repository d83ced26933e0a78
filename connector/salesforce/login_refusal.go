package salesforce

import (
	"net/http"
	"strings"
)

// loginDeferred reports whether a login answer refuses for now, not for good: too many
// logins by one user within an hour (invalid_grant: login rate exceeded, or the SOAP
// fault LOGIN_RATE_EXCEEDED), a busy login server (unknown_error: retry your request),
// or a 5xx page from the token endpoint. These are retried with backoff; the
// credentials are not in question.
func loginDeferred(ae *APIError) bool {
	msg := strings.ToLower(ae.Message)
	switch {
	case ae.Code == "invalid_grant" && strings.Contains(msg, "rate exceeded"):
		return true
	case ae.Code == "LOGIN_RATE_EXCEEDED", ae.Code == "unknown_error":
		return true
	case ae.Code == "" && ae.StatusCode >= http.StatusInternalServerError:
		return true
	}
	return false
}

// deferredWhy says why a login is refused for now, in words.
func deferredWhy(ae *APIError) string {
	switch {
	case ae.Code == "unknown_error":
		return "Salesforce's login service asked to retry the request"
	case ae.StatusCode >= http.StatusInternalServerError:
		return "Salesforce's login service is failing"
	}
	return "the integration user logged in too often within the last hour (Salesforce allows a few thousand logins per user per hour)"
}

// refusedWhy names what a refusal that cannot heal is about, so the admin knows
// what to fix: the connected app, the grant, or the user's password.
func refusedWhy(ae *APIError) string {
	msg := strings.ToLower(ae.Message)
	switch {
	case ae.Code == "invalid_client_id":
		return "this will not pass by itself: Salesforce does not know the connected app's consumer key"
	case ae.Code == "invalid_client":
		return "this will not pass by itself: the connected app's consumer secret is wrong"
	case ae.Code == "invalid_grant" && (strings.Contains(msg, "expired") || strings.Contains(msg, "revoked")):
		return "this will not pass by itself: the grant was revoked or has expired"
	case ae.Code == "invalid_grant", ae.Code == "INVALID_LOGIN":
		return "this will not pass by itself: the login was refused"
	}
	return "this will not pass by itself"
}
