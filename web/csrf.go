package web

import (
	"crypto/subtle"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/store"
)

// csrf guards every form of the UI in two layers.
//
//  1. Go's http.CrossOriginProtection refuses every state-changing request a
//     browser marks as coming from another origin (Sec-Fetch-Site, or an
//     Origin header that does not match the Host). This is what closes login
//     CSRF (a forged sign-in needs no token we could check) and a valid token
//     sent with a foreign Origin. It replaces our own double-submit cookie,
//     which accepted a cookie an attacker had set beforehand.
//  2. A signed-in user's forms also carry the token stored with the server-side
//     session. We keep it because it is measurably stronger in one case: a
//     request that carries neither Sec-Fetch-Site nor Origin (browsers before
//     2020, some privacy proxies) passes check 1 but not check 2. It is bound to
//     the session row, so no cookie an attacker sets can stand in for it.
//     echo's CSRF middleware would instead fall back to a double-submit cookie
//     without an Origin check when Sec-Fetch-Site is missing — the hole above.
//
// Before sign-in only check 1 applies (there is nothing to forge but the sign-in itself).
func (s *server) csrf(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		token := ""
		if sess, ok := c.Get("session").(*store.Session); ok {
			token = sess.CSRFToken
		}
		c.Set("csrf", token)
		if err := s.crossOrigin.Check(c.Request()); err != nil {
			s.Logger.Warn("web: cross-origin form refused", slog.String("path", logText(c.Request().URL.Path, logPathLen)),
				slog.String("origin", logText(c.Request().Header.Get("Origin"), logPathLen)), slog.String("ip", c.RealIP()))
			return errCSRF
		}
		switch c.Request().Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return next(c)
		}
		if token == "" { // signed out: the cross-origin check is the whole protection
			return next(c)
		}
		sent := c.Request().Header.Get("X-CSRF-Token")
		if sent == "" {
			sent = c.FormValue("_csrf")
		}
		if subtle.ConstantTimeCompare([]byte(sent), []byte(token)) != 1 {
			return errCSRF
		}
		return next(c)
	}
}

var errCSRF = &userError{Code: http.StatusForbidden, Msg: "This form was out of date or did not come from refsync. Reload the page and try again."}

// recoverPanic turns a panicking handler into a 500 page and a logged stack.
func (s *server) recoverPanic(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				s.Logger.Error("web: panic", slog.Any("panic", r), slog.String("stack", string(debug.Stack())))
				err = fmt.Errorf("web: panic: %v", r)
			}
		}()
		return next(c)
	}
}
