// Package web is refsync's server-rendered UI: login, dashboard, the review
// queue, entry detail and its actions, referrals, settings and the audit log.
// The HTTP API (package web/api) is mounted under /api/v1 when given.
package web

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// Reviewer is what the UI asks of the receiver (*connector.Receiver satisfies it).
type Reviewer interface {
	ApplyEntry(ctx context.Context, entryID int64, referralID string, remember bool, actor string) (*matching.Entry, error)
	RetryEntry(ctx context.Context, entryID int64, corrections map[string]string, actor string) (*matching.Entry, error)
	DismissEntry(ctx context.Context, entryID int64, note, actor string) (*matching.Entry, error)
	Reconnect(ctx context.Context) error
}

// Deps is everything the UI needs; DB and Reviewer are required.
type Deps struct {
	DB           *store.DB
	Reviewer     Reviewer
	API          http.Handler // mounted under /api/v1 when not nil
	SecureCookie bool         // mark cookies Secure (served over HTTPS or behind a TLS proxy)
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names the
	// client; empty means clients connect directly and the header is ignored.
	TrustedProxies []*net.IPNet
	// WebhooksAllowPrivate accepts webhook URLs on private, loopback and link-local addresses.
	WebhooksAllowPrivate bool
	// Describe reads an object's fields (names, labels, types, picklist
	// values), for checking settings on save and offering them as choices;
	// nil skips both.
	Describe func(ctx context.Context, object string) (*config.ObjectSchema, error)
	// Objects lists the org's objects (name and label only); nil: no suggestions.
	Objects func(ctx context.Context) ([]config.ObjectSchema, error)
	// RecordURL is where a Salesforce record opens in the browser ("" when unknown); nil: no links.
	RecordURL func(id string) string
	Notifier  Notifier // sends the test email of Settings → Notifications; nil: none
	Demo      DemoOrg  // the demo's emulated org (the "Salesforce side" page); nil: not a demo
	Logger    *slog.Logger
}

// server holds the dependencies and the parsed templates.
type server struct {
	Deps
	pages       map[string]*pageTemplate
	limiter     *loginLimiter
	crossOrigin *http.CrossOriginProtection
	schema      *schemaCache // nil without Describe
}

// New builds the echo server with every route of the UI (and the API when given).
func New(d Deps) (*echo.Echo, error) {
	if d.DB == nil || d.Reviewer == nil {
		return nil, errors.New("web: DB and Reviewer are required")
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	s := &server{Deps: d, pages: pages, limiter: newLoginLimiter(), crossOrigin: http.NewCrossOriginProtection()}
	if d.Describe != nil {
		s.schema = &schemaCache{describe: d.Describe, objects: d.Objects}
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.IPExtractor = ipExtractor(d.TrustedProxies)
	e.HTTPErrorHandler = s.handleError
	guard := &diskGuard{db: d.DB, log: d.Logger}
	e.Use(s.requestLog(), s.recoverPanic, secureHeaders, bodyLimits(), guard.middleware)
	api := func(c echo.Context) error {
		return c.JSON(http.StatusNotFound, map[string]string{"error": "the HTTP API is not enabled on this server"})
	}
	if d.API != nil {
		api = echo.WrapHandler(d.API)
	}
	e.Any("/api/v1", api)
	e.Any("/api/v1/*", api)
	e.GET("/static/*", echo.StaticDirectoryHandler(echo.MustSubFS(staticFS, "static"), false))
	s.routes(e)
	return e, nil
}

// routes registers the UI pages; every one sits behind the CSRF middleware.
func (s *server) routes(e *echo.Echo) {
	ui := e.Group("", s.loadSession, s.readForm, s.csrf)
	ui.GET("/login", s.loginForm)
	ui.POST("/login", s.login)
	ui.POST("/logout", s.logout)

	in := ui.Group("", s.requireUser)
	in.GET("/", s.dashboard)
	in.GET("/entries", s.entryList)
	in.GET("/entries.csv", s.entryExport)
	in.POST("/entries/bulk", s.entryBulk)
	in.GET("/entries/:id", s.entryDetail)
	in.POST("/entries/:id/apply", s.entryApply)
	in.POST("/entries/:id/retry", s.entryRetry)
	in.POST("/entries/:id/dismiss", s.entryDismiss)
	in.GET("/referrals", s.referralList)
	in.GET("/referrals/:id", s.referralDetail)
	in.GET("/members", s.memberList)
	in.GET("/members/:id", s.memberDetail)
	in.GET("/referrals/new", s.referralNew, s.requireAdmin)
	in.POST("/referrals/new", s.referralCreate, s.requireAdmin)
	in.GET("/referrals/:id/edit", s.referralEdit, s.requireAdmin)
	in.POST("/referrals/:id/edit", s.referralUpdate, s.requireAdmin)
	in.POST("/referrals/:id/status", s.referralStatus, s.requireAdmin)
	in.POST("/referrals/:id/link", s.referralLinkDuplicate, s.requireAdmin)
	in.GET("/import", s.importPage, s.requireAdmin)
	in.POST("/import", s.importUpload, s.requireAdmin)
	in.GET("/members/new", s.memberNew, s.requireAdmin)
	in.POST("/members/new", s.memberCreate, s.requireAdmin)
	in.GET("/members/:id/edit", s.memberEdit, s.requireAdmin)
	in.POST("/members/:id/edit", s.memberUpdate, s.requireAdmin)
	in.POST("/program", s.programSwitch)
	s.routesDemo(in)
	programs := in.Group("/programs", s.requireAdmin)
	programs.GET("", s.programsPage)
	programs.POST("", s.programAdd)
	programs.POST("/:id", s.programEdit)

	admin := in.Group("/settings", s.requireAdmin)
	admin.GET("", s.settingsPage)
	admin.POST("", s.settingsSave)
	admin.POST("/reconnect", s.settingsReconnect)
	admin.POST("/rescan", s.settingsRescan)
	admin.POST("/pause", s.settingsPause)
	s.routesPreview(admin)
	admin.POST("/webhooks", s.webhookAdd)
	admin.GET("/webhooks/:id", s.webhookLog)
	admin.POST("/webhooks/:id", s.webhookUpdate)
	admin.POST("/webhooks/:id/active", s.webhookToggle)
	admin.POST("/webhooks/:id/delete", s.webhookDelete)
	admin.POST("/webhooks/:id/test", s.webhookTest)
	admin.POST("/webhooks/:id/resend", s.webhookResend)
	admin.GET("/audit", s.auditPage)
	admin.GET("/history", s.settingsHistory)
	admin.GET("/history/:version", s.settingsVersion)
	admin.POST("/history/:version/rollback", s.settingsRollback)
	s.routesAdmin(admin)
}

// ipExtractor reads the client address from the connection, or, when the
// connection comes from one of the trusted proxies, from X-Forwarded-For
// (walking back from the right past trusted proxies only).
func ipExtractor(trusted []*net.IPNet) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, n := range trusted {
		opts = append(opts, echo.TrustIPRange(n))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

// secureHeaders sets the headers every page should carry.
func secureHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'")
		return next(c)
	}
}
