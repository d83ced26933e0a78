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
	// loginBodyLimit is the sign-in form: an email, a password and where to go next.
	loginBodyLimit = 8 << 10
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
// to temporary files. The sign-in form gets the smallest cap: nothing beyond
// an email and a password is read from someone not signed in.
func bodyLimits() echo.MiddlewareFunc {
	limit := func(n int, applies func(echo.Context) bool) echo.MiddlewareFunc {
		return middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Skipper: func(c echo.Context) bool { return !applies(c) },
			Limit: fmt.Sprint(n)})
	}
	ui := limit(uiBodyLimit, func(c echo.Context) bool { return !isAPI(c) && !isImport(c) && !isLogin(c) })
	login := limit(loginBodyLimit, isLogin)
	upload := limit(importBodyLimit, isImport)
	apiLimit := limit(apiBodyLimit, isAPI)
	return func(next echo.HandlerFunc) echo.HandlerFunc { return ui(login(upload(apiLimit(next)))) }
}

// isLogin reports whether the request is the sign-in form.
func isLogin(c echo.Context) bool { return c.Request().URL.Path == "/login" }

// formMemory is how much of a multipart form is kept in memory; the rest of
// an upload (the import's CSV file) is spooled to a temporary file on disk.
const formMemory = 64 << 10

// readForm parses a UI form under the body limit, once the session is known,
// so a form that is too large gets a clear page instead of empty fields. From
// a request that is not signed in it reads nothing but the sign-in form
// (requireUser answers the rest unread); an upload goes to a temporary file,
// removed when the request ends.
func (s *server) readForm(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if r.Method != http.MethodPost || currentUser(c) == nil && !isLogin(c) {
			return next(c)
		}
		if err := r.ParseMultipartForm(formMemory); err != nil && !errors.Is(err, http.ErrNotMultipart) {
			return tooLarge(c, err)
		}
		if f := r.MultipartForm; f != nil {
			defer f.RemoveAll()
		}
		return next(c)
	}
}

// tooLarge turns the body limit's error into a page that says what happened.
func tooLarge(c echo.Context, err error) error {
	var he *echo.HTTPError
	if errors.As(err, &he) && he.Code == http.StatusRequestEntityTooLarge || errors.Is(err, multipart.ErrMessageTooLarge) {
		return &userError{Code: http.StatusRequestEntityTooLarge, Msg: tooLargeMsg(c)}
	}
	return &userError{Code: http.StatusBadRequest, Msg: "The form could not be read; reload the page and try again.", err: err}
}

// tooLargeMsg says which limit a UI form went over.
func tooLargeMsg(c echo.Context) string {
	switch {
	case isLogin(c):
		return fmt.Sprintf("The sign-in form was larger than refsync accepts (%d KB); an email address has at most %d characters.", loginBodyLimit>>10, maxEmailLen)
	case isImport(c):
		return fmt.Sprintf("That file is larger than refsync accepts (%d MB). Split it into smaller files and import each.", importBodyLimit>>20)
	}
	return fmt.Sprintf("That form was larger than refsync accepts (%d KB). Shorten what you entered and send it again.", uiBodyLimit>>10)
}

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
