package web

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"golang.org/x/crypto/bcrypt"

	"github.com/refsync/refsync/store"
)

// maxEmailLen is the longest email address there is (RFC 5321); maxPasswordLen
// is more than anyone types and far below what the form may carry.
const (
	maxEmailLen    = 254
	maxPasswordLen = 1024
)

// logText is the short, printable form of text a client chose (an email, a
// path, an Origin) that is logged: at most n characters, anything
// unprintable as "?", and how long it was when cut.
func logText(text string, n int) string {
	var b strings.Builder
	i := 0
	for _, r := range text {
		if i == n {
			return b.String() + fmt.Sprintf("…(%d bytes)", len(text))
		}
		if !unicode.IsPrint(r) || r == utf8.RuneError {
			r = '?'
		}
		b.WriteRune(r)
		i++
	}
	return b.String()
}

// logEmail is the form of an email that sign-in logs (64 characters at most).
func logEmail(email string) string { return logText(email, 64) }

type loginView struct {
	Email, Next, Error string
}

// loginForm shows the sign-in form (or sends a signed-in user to the dashboard).
func (s *server) loginForm(c echo.Context) error {
	if currentUser(c) != nil {
		return c.Redirect(http.StatusSeeOther, "/")
	}
	return s.render(c, http.StatusOK, "login", loginView{Next: safeNext(c.QueryParam("next"))})
}

// login checks email and password, throttled per (client address, account) pair.
func (s *server) login(c echo.Context) error {
	email, pw := strings.TrimSpace(c.FormValue("email")), c.FormValue("password")
	v := loginView{Email: email, Next: safeNext(c.FormValue("next"))}
	if email == "" || pw == "" {
		v.Error = "Enter your email and your password."
		return s.render(c, http.StatusUnprocessableEntity, "login", v)
	}
	if len(email) > maxEmailLen || len(pw) > maxPasswordLen {
		v.Email, v.Error = "", fmt.Sprintf("That is not an email and password of an account: an email has at most %d characters, a password at most %d.", maxEmailLen, maxPasswordLen)
		return s.render(c, http.StatusUnprocessableEntity, "login", v)
	}
	vd, done := s.limiter.begin(c.RealIP(), strings.ToLower(email), time.Now())
	if vd.Wait > 0 {
		return s.throttled(c, v, vd)
	}
	ok := false
	defer func() { done(ok) }()
	u, err := s.DB.UserByEmail(c.Request().Context(), email)
	hash := dummyHash
	if err == nil {
		hash = []byte(u.PasswordHash)
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if bcrypt.CompareHashAndPassword(hash, []byte(pw)) != nil || err != nil || u.DisabledAt != "" {
		s.Logger.Info("web: failed sign-in", slog.String("email", logEmail(email)), slog.String("ip", c.RealIP()))
		v.Error = "That email and password do not match an account. Check both and try again."
		return s.render(c, http.StatusUnauthorized, "login", v)
	}
	ok = true
	if old, err := c.Cookie(sessionCookie); err == nil && old.Value != "" { // never keep a session across sign-ins
		if err := s.DB.DeleteSession(c.Request().Context(), old.Value); err != nil {
			return err
		}
	}
	sess, err := s.DB.CreateSession(c.Request().Context(), u.ID, sessionTTL)
	if err != nil {
		return err
	}
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: sess.Token, Path: "/", HttpOnly: true, Secure: s.SecureCookie,
		SameSite: http.SameSiteLaxMode, MaxAge: int(sessionTTL / time.Second)})
	return c.Redirect(http.StatusSeeOther, v.Next)
}

// throttled answers a refused sign-in attempt (429) and logs blocks.
func (s *server) throttled(c echo.Context, v loginView, vd verdict) error {
	if vd.Log {
		s.Logger.Warn("web: sign-in throttled", slog.String("email", logEmail(v.Email)), slog.String("ip", c.RealIP()),
			slog.Bool("blocked", vd.Blocked), slog.Bool("global_cap", vd.Global), slog.Duration("for", vd.Wait.Round(time.Second)))
	}
	c.Response().Header().Set("Retry-After", fmt.Sprint(int(vd.Wait.Seconds())+1))
	if vd.Wait < time.Minute {
		v.Error = fmt.Sprintf("Too many failed sign-ins. Wait %s and try again.", plural(int(vd.Wait.Seconds())+1, "second"))
	} else {
		v.Error = "Too many failed sign-ins. Wait " + duration(vd.Wait+time.Minute) + " and try again."
	}
	return s.render(c, http.StatusTooManyRequests, "login", v)
}
