package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/store"
)

const csrfCookie = "_csrf"

// csrf guards every form of the UI. A signed-in user's token is the one stored
// with the session; before sign-in it is a random value in an HttpOnly,
// SameSite=Strict cookie (double submit). Every POST must echo the token in the
// _csrf field (or the X-CSRF-Token header), and cross-site posts are refused
// outright when the browser says so (Sec-Fetch-Site).
//
// (echo's own CSRF middleware lives in a package that needs a module this
// build does not carry, and it cannot tie the token to the stored session.)
func (s *server) csrf(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		token := ""
		if sess, ok := c.Get("session").(*store.Session); ok {
			token = sess.CSRFToken
		} else if ck, err := c.Cookie(csrfCookie); err == nil && len(ck.Value) >= 32 {
			token = ck.Value
		} else {
			token = randomToken()
			c.SetCookie(&http.Cookie{Name: csrfCookie, Value: token, Path: "/", HttpOnly: true, Secure: s.SecureCookie,
				SameSite: http.SameSiteStrictMode, MaxAge: 12 * 3600})
		}
		c.Set("csrf", token)
		switch c.Request().Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return next(c)
		}
		if c.Request().Header.Get("Sec-Fetch-Site") == "cross-site" {
			return errCSRF
		}
		sent := c.Request().Header.Get("X-CSRF-Token")
		if sent == "" {
			sent = c.FormValue("_csrf")
		}
		if sent == "" || subtle.ConstantTimeCompare([]byte(sent), []byte(token)) != 1 {
			return errCSRF
		}
		return next(c)
	}
}

var errCSRF = &userError{Code: http.StatusForbidden, Msg: "This form was out of date or did not come from refsync. Reload the page and try again."}

func randomToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("web: no randomness: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

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
