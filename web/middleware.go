package web

import (
	"errors"
	"fmt"
	"log/slog"
	"mime/multipart"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/refsync/refsync/web/api"
)

// Body limits, enforced by echo's BodyLimit before any handler parses a body.
const (
	uiBodyLimit  = 256 << 10 // every UI form (the settings page is the largest, a few KB)
	apiBodyLimit = 5 << 20   // the API's bulk import (4 MiB) plus room; the API checks its own, finer limits
	// importBodyLimit is the CSV upload of the import page (POST /import).
	importBodyLimit = 32 << 20
)

// isImport reports whether the request is the import page's upload.
func isImport(c echo.Context) bool { return c.Request().URL.Path == "/import" }

// isAPI reports whether a request is for the JSON API.
func isAPI(c echo.Context) bool {
	p := c.Request().URL.Path
	return p == api.Prefix || strings.HasPrefix(p, api.Prefix+"/")
}

// bodyLimits caps every request body (Content-Length first, then what is
// read), so an oversized upload is refused before it is buffered or spooled
// to temporary files. UI forms are parsed here, under the limit, so a form
// that is too large gets a clear page instead of empty fields.
func bodyLimits() echo.MiddlewareFunc {
	ui := middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Skipper: func(c echo.Context) bool { return isAPI(c) || isImport(c) },
		Limit: fmt.Sprint(uiBodyLimit)})
	upload := middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Skipper: func(c echo.Context) bool { return !isImport(c) },
		Limit: fmt.Sprint(importBodyLimit)})
	apiLimit := middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{
		Skipper: func(c echo.Context) bool { return !isAPI(c) }, Limit: fmt.Sprint(apiBodyLimit)})
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		parse := func(c echo.Context) error {
			if !isAPI(c) && c.Request().Method == http.MethodPost {
				if _, err := c.MultipartForm(); err != nil && !errors.Is(err, http.ErrNotMultipart) {
					return tooLarge(err)
				}
				if _, err := c.FormParams(); err != nil {
					return tooLarge(err)
				}
			}
			return next(c)
		}
		return ui(upload(apiLimit(parse)))
	}
}

// tooLarge turns the body limit's error into a page that says what happened.
func tooLarge(err error) error {
	var he *echo.HTTPError
	if errors.As(err, &he) && he.Code == http.StatusRequestEntityTooLarge || errors.Is(err, multipart.ErrMessageTooLarge) {
		return errTooLarge
	}
	return &userError{Code: http.StatusBadRequest, Msg: "The form could not be read; reload the page and try again.", err: err}
}

// errTooLarge is the answer to a UI form over uiBodyLimit.
var errTooLarge = &userError{Code: http.StatusRequestEntityTooLarge,
	Msg: fmt.Sprintf("That form was larger than refsync accepts (%d KB). Shorten what you entered and send it again.", uiBodyLimit>>10)}

// requestLog logs one line per request on slog: method, path (never the query
// string, which may carry search terms), status, latency and who made it. It
// never logs bodies, cookies or headers.
func (s *server) requestLog() echo.MiddlewareFunc {
	return middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogMethod: true, LogURIPath: true, LogStatus: true, LogLatency: true, HandleError: true,
		BeforeNextFunc: func(c echo.Context) {
			ctx, who := api.WithActorSlot(c.Request().Context())
			c.SetRequest(c.Request().WithContext(ctx))
			c.Set(apiActorKey, who)
		},
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			level := slog.LevelInfo
			if v.Status >= 500 {
				level = slog.LevelError
			}
			s.Logger.LogAttrs(c.Request().Context(), level, "http request",
				slog.String("method", v.Method), slog.String("path", v.URIPath), slog.Int("status", v.Status),
				slog.Duration("latency", v.Latency.Round(time.Microsecond)), slog.String("user", requestUser(c)))
			return nil
		},
	})
}

const apiActorKey = "api_actor"

// requestUser names who made a request: the signed-in user, the API token, or "-".
func requestUser(c echo.Context) string {
	if u := currentUser(c); u != nil {
		return "user:" + u.Email
	}
	if who, ok := c.Get(apiActorKey).(*string); ok && *who != "" {
		return *who
	}
	return "-"
}
