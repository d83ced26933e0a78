// Package api is refsync's HTTP API under /api/v1: JSON in and out, bearer
// tokens (`refsync token create`), a single object answered as itself, a list
// as {"items": [...], "next_cursor": "…"}, errors as
// {"error": {"code", "message", "field"}}.
//
// Endpoints (R: reviewer or admin, A: admin only):
//
//	GET    /referrals?status=&member_id=&q=&cursor=&limit=   R  list
//	POST   /referrals                                        A  create (queues its push to Salesforce)
//	POST   /referrals/bulk  {"items":[…≤1000]}               A  a result per item: created | exists | error
//	GET    /referrals/{id}                                   R
//	PATCH  /referrals/{id}  (fields; "status" with "note")   A  status through the guards
//	POST   /referrals/{id}/push                              A  queue the Salesforce push again
//	GET    /members?q=&cursor=&limit=, GET /members/{id}     R
//	POST   /members, PATCH /members/{id}                     A
//	GET    /entries?outcome=&reason=&object=&q=&cursor=      R  newest first
//	GET    /entries/{id}                                     R  with candidates and history
//	POST   /entries/{id}/apply {"referral_id","remember"}    R
//	POST   /entries/{id}/retry {"corrections":{…}}           R  body optional
//	POST   /entries/{id}/dismiss {"note"}                    R
//	POST   /qualify {"referral_id"|"email"|"referral_code","status"}  A  runs through the receiver
//	GET    /programs?archived=1, GET /programs/{id}             R  programs (archived ones when asked)
//	POST   /programs {"name"}, PATCH /programs/{id} {"name","archived"}  A
//	GET    /programs/{id}/settings                           A  the rules as JSON; version in ETag
//	PUT    /programs/{id}/settings (If-Match optional)       A  validated like the settings page, saved as a new version
//	POST   /programs/{id}/settings/preview, …/replay, GET /replays/{id}, GET /programs/{id}/settings/thresholds  A  (settings_preview.go)
//	GET/POST /webhooks, GET/PATCH/DELETE /webhooks/{id}      A  DELETE switches it off
//	GET    /webhooks/{id}/deliveries                         A  delivery log
//	GET    /openapi.json                                     -  the OpenAPI 3.1 description (no token)
//
// Every POST takes an Idempotency-Key header (Stripe-style): a retry with the
// same key and body gets the first answer again (Idempotent-Replayed: true)
// and does nothing twice; the same key with another body is refused (422
// idempotency_key_reused). Keys are kept 48 hours. The qualify hook also takes
// the caller's own "event_id" in the body, which deduplicates the same way.
//
// Roles: a reviewer token may read everything except webhooks (GET referrals,
// members, entries) and run the review actions (POST entries/{id}/apply,
// retry, dismiss). Creating or changing referrals and members, the bulk
// import, pushing a referral to Salesforce again, the inbound qualify webhook
// and the webhook subscriptions need an admin token.
package api

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/plain"
	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// Receiver is the part of the sales receiver (*connector.Receiver) the API uses.
type Receiver interface {
	ApplyEntry(ctx context.Context, entryID int64, referralID string, remember bool, actor string) (*matching.Entry, error)
	RetryEntry(ctx context.Context, entryID int64, corrections map[string]string, actor string) (*matching.Entry, error)
	DismissEntry(ctx context.Context, entryID int64, note, actor string) (*matching.Entry, error)
	Qualify(ctx context.Context, q plain.QualifyRequest, actor string) (*matching.Entry, error)
	ReferralChanged(r matching.Referral)
}

// Waker is told when a push job was queued (*push.Worker satisfies it).
type Waker interface{ Wake() }

// Deps is what the API needs; DB is required. A nil Receiver makes the review
// actions and the qualify webhook answer 503.
type Deps struct {
	DB       *store.DB
	Receiver Receiver
	Push     Waker
	Logger   *slog.Logger
	MaxBody  int64 // body limit of single-object requests; default 64 KiB
	MaxBulk  int64 // body limit of the bulk import; default 4 MiB
	// WebhooksAllowPrivate accepts webhook URLs on private, loopback and link-local addresses.
	WebhooksAllowPrivate bool
	// Describe and Objects read the org's schema, to check settings saved
	// through the API as the settings page does; nil skips that check.
	Describe func(ctx context.Context, object string) (*config.ObjectSchema, error)
	Objects  func(ctx context.Context) ([]config.ObjectSchema, error)
}

// Prefix is where the API lives.
const Prefix = "/api/v1"

type server struct {
	Deps
	mux      *http.ServeMux
	patterns []string // every registered "METHOD /path", for the OpenAPI test
}

// New returns the API handler. It serves paths under /api/v1 and, so it can
// also be mounted with the prefix stripped, the same paths without it.
func New(d Deps) http.Handler {
	if d.Logger == nil {
		d.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if d.MaxBody <= 0 {
		d.MaxBody = 64 << 10
	}
	if d.MaxBulk <= 0 {
		d.MaxBulk = 4 << 20
	}
	s := &server{Deps: d, mux: http.NewServeMux()}
	s.routes()
	return s
}

func (s *server) routes() {
	r, a := store.RoleReviewer, store.RoleAdmin
	s.handle("GET /referrals", r, s.listReferrals)
	s.handle("POST /referrals", a, s.createReferral)
	s.handle("POST /referrals/bulk", a, s.bulkReferrals)
	s.handle("GET /referrals/{id}", r, s.getReferral)
	s.handle("PATCH /referrals/{id}", a, s.patchReferral)
	s.handle("POST /referrals/{id}/push", a, s.repushReferral)
	s.handle("GET /members", r, s.listMembers)
	s.handle("POST /members", a, s.createMember)
	s.handle("GET /members/{id}", r, s.getMember)
	s.handle("PATCH /members/{id}", a, s.patchMember)
	s.handle("GET /entries", r, s.listEntries)
	s.handle("GET /entries/{id}", r, s.getEntry)
	s.handle("POST /entries/{id}/apply", r, s.applyEntry)
	s.handle("POST /entries/{id}/retry", r, s.retryEntry)
	s.handle("POST /entries/{id}/dismiss", r, s.dismissEntry)
	s.handleKeyed("POST /qualify", a, s.qualify, qualifyEventID)
	s.handle("GET /programs", r, s.listPrograms)
	s.handle("POST /programs", a, s.createProgram)
	s.handle("GET /programs/{id}", r, s.getProgram)
	s.handle("PATCH /programs/{id}", a, s.patchProgram)
	s.handle("GET /programs/{id}/settings", a, s.getSettings)
	s.handle("PUT /programs/{id}/settings", a, s.putSettings)
	s.routesPreview()
	s.handle("GET /webhooks", a, s.listWebhooks)
	s.handle("POST /webhooks", a, s.createWebhook)
	s.handle("GET /webhooks/{id}", a, s.getWebhook)
	s.handle("PATCH /webhooks/{id}", a, s.patchWebhook)
	s.handle("DELETE /webhooks/{id}", a, s.deleteWebhook)
	s.handle("GET /webhooks/{id}/deliveries", a, s.webhookDeliveries)
	s.patterns = append(s.patterns, "GET /openapi.json")
	s.mux.HandleFunc("GET "+Prefix+"/openapi.json", s.serveOpenAPI)
}

// handlerFunc is an endpoint: it answers or returns an error for writeError.
type handlerFunc func(w http.ResponseWriter, r *http.Request, c *caller) error

func (s *server) handle(pattern, role string, h handlerFunc) { s.handleKeyed(pattern, role, h, nil) }

// handleKeyed registers an endpoint; every POST honours an Idempotency-Key,
// and fromBody (optional) finds the caller's own key in the body.
func (s *server) handleKeyed(pattern, role string, h handlerFunc, fromBody bodyKey) {
	method, path, _ := strings.Cut(pattern, " ")
	s.patterns = append(s.patterns, pattern)
	s.mux.HandleFunc(method+" "+Prefix+path, func(w http.ResponseWriter, r *http.Request) {
		c, err := s.authenticate(r, role)
		if err == nil {
			err = checkQuery(pattern, r)
		}
		if err == nil && method == http.MethodPost {
			err = s.idempotent(w, r, c, h, fromBody)
		} else if err == nil {
			err = h(w, r, c)
		}
		if err != nil {
			s.writeError(w, r, err)
		}
	})
}

// ServeHTTP adds the prefix when mounted without it, answers unknown routes in
// JSON, and recovers from panics.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if v := recover(); v != nil {
			s.Logger.Error("api panic", slog.Any("panic", v), slog.String("path", r.URL.Path))
			s.writeError(w, r, errf(codeInternal, "", "the server failed; the error is logged"))
		}
	}()
	if !strings.HasPrefix(r.URL.Path, Prefix+"/") && r.URL.Path != Prefix {
		r2 := r.Clone(r.Context())
		r2.URL.Path = Prefix + "/" + strings.TrimPrefix(r.URL.Path, "/")
		r = r2
	}
	if _, pattern := s.mux.Handler(r); pattern == "" {
		s.writeError(w, r, s.noRoute(r))
		return
	}
	s.mux.ServeHTTP(w, r)
}

// noRoute tells an unknown path from a known path with the wrong method.
func (s *server) noRoute(r *http.Request) error {
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		r2 := r.Clone(r.Context())
		r2.Method = m
		if _, p := s.mux.Handler(r2); p != "" && m != r.Method {
			return errf(codeMethod, "", "%s is not allowed on %s", r.Method, r.URL.Path)
		}
	}
	return errf(codeNotFound, "", "there is no API endpoint %s", r.URL.Path)
}

// caller is who made the request.
type caller struct {
	Token *store.APIToken
}

// Actor is how history rows name the caller.
func (c *caller) Actor() string { return "api:" + c.Token.Name }

// authenticate checks the bearer token and its role.
func (s *server) authenticate(r *http.Request, role string) (*caller, error) {
	h := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(h, " ")
	if h == "" || !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
		return nil, errf(codeUnauthorized, "", "send an API token as “Authorization: Bearer <token>” (create one with `refsync token create`)")
	}
	t, err := s.DB.APITokenBySecret(r.Context(), strings.TrimSpace(tok))
	if errors.Is(err, store.ErrNotFound) {
		return nil, errf(codeUnauthorized, "", "the API token is unknown or revoked")
	}
	if err != nil {
		return nil, err // a full disk or a failing database, answered as such: never a false "unknown token"
	}
	if role == store.RoleAdmin && t.Role != store.RoleAdmin {
		return nil, errf(codeForbidden, "", "this needs an admin token; token “%s” is a reviewer token", t.Name)
	}
	c := &caller{Token: t}
	if slot, ok := r.Context().Value(actorSlotKey{}).(*string); ok {
		*slot = c.Actor()
	}
	return c, nil
}

type actorSlotKey struct{}

// WithActorSlot returns a context in which the API writes who made the request
// (the token's actor, "api:NAME") into the returned string once the token is
// checked, for the request log.
func WithActorSlot(ctx context.Context) (context.Context, *string) {
	slot := new(string)
	return context.WithValue(ctx, actorSlotKey{}, slot), slot
}
