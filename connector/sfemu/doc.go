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
// delete, get; 200 records, allOrNone), composite/tree/{T} (nested records,
// all or none), limits/recordCount, search (SOSL: FIND {term} [IN … FIELDS]
// [RETURNING Obj(fields [LIMIT n]), …] [LIMIT n]).
//
// # Bulk API 2.0 (bulk*.go)
//
// jobs/query (create, list), jobs/query/{id} (GET advances a queued job one
// state per read: UploadComplete → InProgress → JobComplete or Failed; PATCH
// Aborted; DELETE) and jobs/query/{id}/results (CSV, every value quoted, nulls
// empty, columnDelimiter and lineEnding honoured, maxRecords, Sforce-Locator
// with "null" on the last page, Sforce-NumberOfRecords). Refused at creation
// as the org refuses them: compound fields and FIELDS() ("Selecting compound
// data not supported in Bulk Query"), aggregates, subqueries, OFFSET. jobs/ingest
// (insert, update, upsert, delete): Open → PUT batches (CSV) → PATCH
// UploadComplete → InProgress → JobComplete; successfulResults, failedResults,
// unprocessedrecords. An unknown job answers 404 NOT_FOUND; results of a job
// not complete, or data for a closed one, 400 INVALIDJOB. Faults:
// FailNextBulkQueries(n, msg), AbortBulkQueriesAfterPages(n), SetBulkPageSize(n).
//
// Every API call is counted (Sforce-Limit-Info: api-usage=N/M); past
// Options.DailyLimit calls answer 403 REQUEST_LIMIT_EXCEEDED. Tests drive
// time with SetClock, and data with Insert, Update, Delete, Get, Records,
// Query and ConvertLead, none of which count as API calls. Generate and
// Populate build a realistic org.
//
// # Faults
//
// Each fault answers with the body a real org sends. Switch them on from Go
// at any time (between calls of a test), or from the start with Options or
// `refsync sfemu` flags:
//
//   - 503 SERVER_UNAVAILABLE: FailNext503(n) — the next n calls.
//   - 401 INVALID_SESSION_ID: FailNext401(n), RevokeTokens(), or a token
//     older than Options.TokenTTL.
//   - 400 QUERY_TIMEOUT ("Your query request was running for too long."):
//     TimeOutNextQueries(n) — the next n query, queryAll or queryMore calls.
//   - 403 API_DISABLED_FOR_ORG: SetAPIDisabled(true) — every REST call, and
//     SOAP login faults; OAuth logins still answer. SetAPIDisabled(false) ends it.
//   - 403 INSUFFICIENT_ACCESS: DenyObject("Account", true) — queries (FROM,
//     parent fields, subqueries), record reads and writes and collections on
//     that object; DenyObject("Account", false) ends it.
//   - Field-level security: HideField("Lead", "Email", true) or
//     Options.HiddenFields / --hide-field Lead.Email — the field leaves
//     describe and record bodies; a query or write naming it answers 400
//     INVALID_FIELD. The stored value is kept for when it is shown again.
//   - Refresh-token rotation: SetRefreshTokenRotation(true) or
//     Options.RotateRefreshTokens / --rotate-refresh-tokens — a refresh grant
//     returns a new refresh_token and the old one answers invalid_grant.
//   - Paged child lists: Options.ChildPageSize / --child-page-size N — a
//     subquery with more than N rows for one parent comes back done:false
//     with its own nextRecordsUrl (GET it like any queryMore locator).
//   - Anything else: FailNext(n, &APIError{Status, Code, Message}).
//   - Slowness: SetLatency(d); a spent API allowance: SetDailyLimit(n).
//
// # Realism
//
//   - Stamps: writes in one transaction (an sObject Collections save,
//     BulkUpdate, SystemTouch) share one SystemModstamp; with
//     Options.WholeSecondStamps / --whole-second-stamps stamps are whole
//     seconds, so every write in a second ties. SystemTouch moves
//     SystemModstamp only, as the org's own processes do.
//   - Replication: sobjects/{T}/updated/ and /deleted/?start=&end= (seconds
//     ignored, covered up to the last whole minute, 30 and 15 days back).
//   - Recycle bin: deleted records are purged after
//     Options.RecycleBinRetention (15 days; --recycle-bin-retention) or by
//     EmptyRecycleBin; getDeleted then refuses a start before the purge.
//   - SOQL date literals: all the documented ones, in UTC.
//   - Objects: Organization (one record, the org id) and Referral_Deal__c,
//     a custom object with a lookup to Account and a Stage__c picklist.
//   - Salesforce CLI: doubled slashes in paths, query?columns=true,
//     tooling/query for SandboxProcess. RequestLog / --log prints each call.
//
// # Streaming API (streaming*.go)
//
// POST /cometd/{ver}: Bayeux long polling (handshake, connect, subscribe,
// unsubscribe, disconnect) with Salesforce's replay extension. Change events
// on /data/{Object}ChangeEvent for the objects SetChangeDataCapture selects
// (--cdc; the Tooling API's PlatformEventChannelMember lists them), events on
// /topic/{Name} for active PushTopic records, retained for replay (-1, -2 or
// a replay id). Faults: ForceUnknownClient() (403::Unknown client, the client
// must handshake again) and KillStream()/ReviveStream() (HTTP 503, events
// meanwhile lost). SetStreamHold, StreamStats, LastReplayRequested for tests.
//
// API versions: GET /services/data lists 31.0 to APIVersion; any other
// version in a path answers 404 NOT_FOUND.
//
// SOQL: the org's refusals of a field selected twice (INVALID_FIELD
// "duplicate field selected"), ORDER BY / WHERE on a field whose describe says
// not sortable / not filterable, OFFSET above 2,000 (NUMBER_OUTSIDE_VALID_RANGE)
// and a datetime offset without a colon; semi-joins (IN / NOT IN (SELECT id
// FROM …)), GROUP BY with COUNT, COUNT_DISTINCT, SUM, AVG, MIN, MAX, and
// FIELDS(ALL | STANDARD | CUSTOM) (ALL and CUSTOM need LIMIT ≤ 200).
//
// Deviations from Salesforce, on purpose: the password grant also returns a
// refresh_token (so the refresh flow can be exercised); SOQL is the subset
// refsync and everyday tools need (no HAVING, TYPEOF, WITH, date functions);
// a query job's rows are fixed when it is created.
package sfemu
