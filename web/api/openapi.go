package api

import (
	"encoding/json"
	"net/http"
	"reflect"
	"sort"
	"strings"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/plain"
	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// operation documents one endpoint; the test checks that every registered
// route has one and every one is registered.
type operation struct {
	Summary string
	In      any // the body's Go type (a zero value), nil for none
	Out     any // the answer's Go type, nil for 204
	Status  int // the answer's status; 200 when 0
	List    bool
}

// operations are the endpoints of /api/v1 by "METHOD /path".
var operations = map[string]operation{
	"GET /referrals":  {Summary: "List referrals (?status=&member_id=&q=&cursor=&limit=)", Out: Referral{}, List: true},
	"POST /referrals": {Summary: "Create a referral; its push to Salesforce is queued", In: ReferralInput{}, Out: Referral{}, Status: 201},
	"POST /referrals/bulk": {Summary: "Import up to 1000 referrals: a result per item", In: struct {
		Items []ReferralInput `json:"items"`
	}{}, Out: BulkResult{}, List: true},
	"GET /referrals/{id}":                    {Summary: "One referral with its Salesforce links and amount", Out: Referral{}},
	"PATCH /referrals/{id}":                  {Summary: "Change fields; a status change goes through the guards", In: ReferralPatch{}, Out: Referral{}},
	"POST /referrals/{id}/push":              {Summary: "Queue the referral's push to Salesforce again", Out: Referral{}, Status: 202},
	"GET /members":                           {Summary: "List members (?q=&cursor=&limit=)", Out: Member{}, List: true},
	"POST /members":                          {Summary: "Create a member", In: MemberInput{}, Out: Member{}, Status: 201},
	"GET /members/{id}":                      {Summary: "One member", Out: Member{}},
	"PATCH /members/{id}":                    {Summary: "Change a member's fields", In: MemberInput{}, Out: Member{}},
	"GET /entries":                           {Summary: "List sales entries, newest first (?outcome=&reason=&object=&q=&cursor=)", Out: matching.Entry{}, List: true},
	"GET /entries/{id}":                      {Summary: "One entry with candidates, reason in words and history", Out: EntryDetail{}},
	"POST /entries/{id}/apply":               {Summary: "Apply the entry to a referral", In: ApplyInput{}, Out: EntryDetail{}},
	"POST /entries/{id}/retry":               {Summary: "Run the entry again, with optional corrected values", In: RetryInput{}, Out: EntryDetail{}},
	"POST /entries/{id}/dismiss":             {Summary: "Close the entry without applying it", In: DismissInput{}, Out: EntryDetail{}},
	"POST /qualify":                          {Summary: "Inbound webhook: qualify a referral by code, email or id through the receiver", In: Qualify{}, Out: EntryDetail{}},
	"GET /webhooks":                          {Summary: "List outbound webhooks", Out: Webhook{}, List: true},
	"POST /webhooks":                         {Summary: "Add a webhook; the answer carries its signing secret, once", In: WebhookInput{}, Out: Webhook{}, Status: 201},
	"GET /webhooks/{id}":                     {Summary: "One webhook", Out: Webhook{}},
	"PATCH /webhooks/{id}":                   {Summary: "Change a webhook", In: WebhookInput{}, Out: Webhook{}},
	"DELETE /webhooks/{id}":                  {Summary: "Switch a webhook off", Status: 204},
	"GET /webhooks/{id}/deliveries":          {Summary: "A webhook's delivery log", Out: store.Delivery{}, List: true},
	"GET /programs":                          {Summary: "List programs (?archived=1 adds archived ones)", Out: store.Program{}, List: true},
	"POST /programs":                         {Summary: "Create a program", In: ProgramInput{}, Out: store.Program{}, Status: 201},
	"GET /programs/{id}":                     {Summary: "One program", Out: store.Program{}},
	"PATCH /programs/{id}":                   {Summary: "Rename, archive or switch on/off a program", In: ProgramInput{}, Out: store.Program{}},
	"GET /programs/{id}/settings":            {Summary: "The program's sync rules; the version is in the ETag", Out: config.Rules{}},
	"PUT /programs/{id}/settings":            {Summary: "Save the rules as a new version, checked like the settings page (If-Match optional)", In: config.Rules{}, Out: config.Rules{}},
	"POST /programs/{id}/settings/preview":   {Summary: "What draft rules would have done to the entries of the last days (nothing is changed)", In: PreviewInput{}, Out: plain.Preview{}},
	"POST /programs/{id}/settings/replay":    {Summary: "Apply a saved settings version to past entries: a durable job", In: ReplayInput{}, Out: store.ReplayJob{}, Status: 202},
	"GET /replays/{id}":                      {Summary: "A replay job and its progress", Out: store.ReplayJob{}},
	"GET /programs/{id}/settings/thresholds": {Summary: "Precision and recall by automatic threshold on the program's reviewed entries", Out: matching.ThresholdReport{}},
	"GET /openapi.json":                      {Summary: "This description (no token needed)", Out: map[string]any{}},
}

// openAPI builds the OpenAPI 3.1 description of the API.
func openAPI() map[string]any {
	ss := &schemaSet{defs: map[string]any{}}
	errRef := ss.ref("Error", reflect.TypeOf(struct {
		Error apiError `json:"error"`
	}{}))
	paths := map[string]any{}
	keys := make([]string, 0, len(operations))
	for k := range operations {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		op := operations[k]
		method, path, _ := strings.Cut(k, " ")
		item, _ := paths[path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[path] = item
		}
		item[strings.ToLower(method)] = ss.operation(k, path, op, errRef)
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "refsync API", "version": "1",
			"description": "Referrals, members, sales entries and webhooks of refsync. Send `Authorization: Bearer <token>` " +
				"(create one with `refsync token create`). Every POST takes an Idempotency-Key header. Errors are " +
				"{\"error\": {\"code\", \"message\", \"field\"}}; lists are {\"items\": [...], \"next_cursor\": \"…\"}."},
		"servers":    []any{map[string]any{"url": Prefix}},
		"paths":      paths,
		"components": map[string]any{"schemas": ss.defs, "securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}}},
		"security":   []any{map[string]any{"bearer": []any{}}},
	}
}

// operation is the OpenAPI operation object of one endpoint.
func (ss *schemaSet) operation(key, path string, op operation, errRef map[string]any) map[string]any {
	o := map[string]any{"summary": op.Summary, "operationId": opID(key)}
	var params []any
	if strings.Contains(path, "{id}") {
		params = append(params, map[string]any{"name": "id", "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
	}
	if strings.HasPrefix(key, "POST ") {
		params = append(params, map[string]any{"name": "Idempotency-Key", "in": "header", "schema": map[string]any{"type": "string"},
			"description": "a retry with the same key and body gets the first answer again"})
	}
	if params != nil {
		o["parameters"] = params
	}
	if op.In != nil {
		o["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": ss.typeRef(op.In)}}}
	}
	status := op.Status
	if status == 0 {
		status = http.StatusOK
	}
	resp := map[string]any{"description": http.StatusText(status)}
	if op.Out != nil {
		body := ss.typeRef(op.Out)
		if op.List {
			body = map[string]any{"type": "object", "properties": map[string]any{"items": map[string]any{"type": "array", "items": body},
				"next_cursor": map[string]any{"type": "string"}}}
		}
		resp["content"] = map[string]any{"application/json": map[string]any{"schema": body}}
	}
	errResp := map[string]any{"description": "an error with a message saying what to do", "content": map[string]any{"application/json": map[string]any{"schema": errRef}}}
	o["responses"] = map[string]any{itoa(status): resp, "default": errResp}
	if key == "GET /openapi.json" {
		o["security"] = []any{}
	}
	return o
}

// typeRef names v's type as a component schema (anonymous types are inlined).
func (ss *schemaSet) typeRef(v any) map[string]any {
	t := reflect.TypeOf(v)
	if t.Name() == "" || t.Kind() == reflect.Map {
		return ss.schema(t)
	}
	return ss.ref(t.Name(), t)
}

// opID makes an operationId: "GET /referrals/{id}/push" → "get_referrals_id_push".
func opID(key string) string {
	r := strings.NewReplacer(" /", "_", "/", "_", "{", "", "}", "", ".", "_")
	return strings.ToLower(r.Replace(key))
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// serveOpenAPI answers the description; it needs no token.
func (s *server) serveOpenAPI(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, openAPI())
}
