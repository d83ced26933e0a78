// Package sfemu is a local Salesforce org: it answers the OAuth, SOAP login,
// REST sObject, query and composite calls refsync makes, in Salesforce's own
// wire formats, from an in-memory store that can be persisted to a file.
//
// In tests:
//
//	srv, err := sfemu.Start("127.0.0.1:0", sfemu.Options{})
//	defer srv.Close()
//	// login URL and instance URL: srv.URL(); credentials: srv.Options()
//
// or mount New(opts) (an http.Handler) on an httptest.Server.
//
// Endpoints: POST /services/oauth2/token (password, refresh_token,
// client_credentials), POST /services/oauth2/revoke, POST /services/Soap/u/{ver}
// (login), GET /services/data, and under /services/data/vXX.X: limits,
// sobjects, sobjects/{T}[/describe], sobjects/{T}/{id} (GET, PATCH, DELETE),
// sobjects/{T}/{field}/{value} (GET, PATCH upsert), query and queryAll with
// nextRecordsUrl paging (Sforce-Query-Options: batchSize=N is honoured),
// composite (sub-requests) and composite/sobjects (create, update, upsert,
// delete, get; 200 records, allOrNone).
//
// Every API call is counted (Sforce-Limit-Info: api-usage=N/M); past
// Options.DailyLimit calls answer 403 REQUEST_LIMIT_EXCEEDED. Tests drive
// faults with FailNext503, FailNext401, SetLatency and RevokeTokens, time with
// SetClock, and data with Insert, Update, Delete, Get, Records, Query and
// ConvertLead, none of which count as API calls. Generate and Populate build
// a realistic org.
//
// Deviations from Salesforce, on purpose: the password grant also returns a
// refresh_token (so the refresh flow can be exercised); deleted records stay
// in the recycle bin for ever; SOQL is the subset refsync needs (no GROUP BY,
// semi-joins, FIELDS() or aggregate functions other than COUNT).
package sfemu
