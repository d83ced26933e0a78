package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/crypto/bcrypt"

	"github.com/refsync/refsync/store"
)

const (
	sessionCookie = "refsync_session"
	sessionTTL    = 12 * time.Hour
)

// HashPassword hashes a password with bcrypt for store.CreateUser.
func HashPassword(pw string) (string, error) {
	if len(pw) < 10 {
		return "", errors.New("web: a password needs at least 10 characters")
	}
	b, err := bcrypt.GenerateFromPassword([]byte(pw), bcryptCost)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// bcryptCost is the work factor of new hashes (tests lower it).
var bcryptCost = bcrypt.DefaultCost

// dummyHash is compared against when the email is unknown, so both cases take as long.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("refsync-no-such-user"), bcrypt.DefaultCost)

// loadSession puts the signed-in user (if any) into the request context.
func (s *server) loadSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if ck, err := c.Cookie(sessionCookie); err == nil && ck.Value != "" {
			if sess, u, err := s.DB.SessionUser(c.Request().Context(), ck.Value); err == nil {
				c.Set("user", u)
				c.Set("session", sess)
			} else if !errors.Is(err, store.ErrNotFound) {
				return err
			}
		}
		return next(c)
	}
}

// currentUser is the signed-in user, or nil.
func currentUser(c echo.Context) *store.User {
	u, _ := c.Get("user").(*store.User)
	return u
}

// actor names the signed-in user in history rows: "user:ann@example.com".
func actor(c echo.Context) string { return "user:" + currentUser(c).Email }

// requireUser sends anyone not signed in to the login page.
func (s *server) requireUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if currentUser(c) == nil {
			target := "/login"
			if c.Request().Method == http.MethodGet && c.Request().URL.Path != "/" {
				target += "?next=" + url.QueryEscape(c.Request().URL.RequestURI())
			}
			return c.Redirect(http.StatusSeeOther, target)
		}
		return next(c)
	}
}

// requireAdmin refuses reviewers.
func (s *server) requireAdmin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if u := currentUser(c); u == nil || u.Role != store.RoleAdmin {
			return &userError{Code: http.StatusForbidden, Msg: fmt.Sprintf("Only admins may %s; you are signed in as a reviewer. Ask an admin to do it.", adminOnlyWords(c))}
		}
		return next(c)
	}
}

// adminOnlyWords names what a reviewer was refused, from the request.
func adminOnlyWords(c echo.Context) string {
	p, post := c.Request().URL.Path, c.Request().Method == http.MethodPost
	switch {
	case strings.HasPrefix(p, "/members/new"):
		return "add a member"
	case strings.HasPrefix(p, "/members/"):
		return "change a member"
	case strings.HasPrefix(p, "/referrals/new"):
		return "add a referral"
	case strings.HasSuffix(p, "/status"):
		return "change a referral's status by hand"
	case strings.HasPrefix(p, "/referrals/"):
		return "change a referral"
	case strings.HasPrefix(p, "/import"):
		return "import members or referrals"
	case strings.HasPrefix(p, "/programs"):
		return "add or change programs"
	case strings.HasPrefix(p, "/settings/audit"):
		return "read the audit log"
	case post:
		return "change the settings"
	}
	return "open the settings"
}
