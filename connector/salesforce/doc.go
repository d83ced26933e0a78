// Package salesforce is refsync's one Salesforce client: simpleforce wrapped once, behind a lock,
// with contexts and timeouts, re-authentication on 401, backoff on 503 and REQUEST_LIMIT_EXCEEDED,
// an API budget read from Sforce-Limit-Info, and a connection state for the UI.
//
// Use:
//
//	c, err := salesforce.New(salesforce.Config{LoginURL: …, Auth: salesforce.AuthClientCredentials, …})
//	ctx, run := c.BeginRun(ctx) // one sync cycle; its calls share the per-run budget
//	defer run.End()
//	err = c.Query(ctx, soql, func(p salesforce.Page) error { … })
//
// What simpleforce does: the SOAP login (password mode), holding the session (SetSidLoc after our
// own OAuth token call), queries and queryMore (Query) and every other REST call (ApexREST, which
// returns errors, unlike its SObject methods). What this package adds: each attempt installs an
// http.Client whose transport carries the caller's context and the per-call timeout, counts the
// call, reads Sforce-Limit-Info and keeps the error body, so errors are parsed in full (*APIError).
//
// Failures of the connection carry a sentinel (ErrUnauthorized, ErrLimited, ErrUnavailable) and
// read, via Error(), as a sentence that says what to do; State().LastError holds the same sentence.
// Request errors (bad SOQL, missing record, duplicate rule) are *APIError and leave the
// connection connected. A revoked grant makes the connection unauthorized: no call reaches the
// network until Reconnect.
package salesforce
