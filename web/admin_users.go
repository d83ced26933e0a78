package web

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/store"
)

// GeneratePassword returns 20 random URL-safe characters (120 bits).
func GeneratePassword() string {
	b := make([]byte, 15)
	if _, err := rand.Read(b); err != nil {
		panic("refsync: no randomness: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// usersView is the data of the users page.
type usersView struct {
	Users    []store.User
	Error    string
	Email    string
	Role     string
	Password string // a new password, shown once
	For      string // whose password it is
}

// routesAdmin registers the users, API tokens and notifications pages (admins only).
func (s *server) routesAdmin(admin *echo.Group) {
	admin.GET("/users", s.usersPage)
	admin.POST("/users", s.userAdd)
	admin.POST("/users/:id", s.userChange)
	admin.GET("/tokens", s.tokensPage)
	admin.POST("/tokens", s.tokenCreate)
	admin.POST("/tokens/:id/revoke", s.tokenRevoke)
	admin.GET("/notify", s.notifyPage)
	admin.POST("/notify", s.notifySave)
	admin.POST("/notify/test", s.notifyTest)
}

// usersPage lists the people who sign in, with their role and state.
func (s *server) usersPage(c echo.Context) error {
	return s.renderUsers(c, http.StatusOK, usersView{Role: store.RoleReviewer})
}

func (s *server) renderUsers(c echo.Context, code int, v usersView) error {
	list, err := s.DB.ListUsers(c.Request().Context())
	if err != nil {
		return err
	}
	v.Users = list
	return s.render(c, code, "users", v)
}

// userAdd creates a user with a role; the password is the admin's or a
// generated one, shown once on the page to pass on.
func (s *server) userAdd(c echo.Context) error {
	v := usersView{Email: c.FormValue("email"), Role: c.FormValue("role")}
	pw, generated := c.FormValue("password"), false
	if pw == "" {
		pw, generated = GeneratePassword(), true
	}
	hash, err := HashPassword(pw)
	if err != nil {
		v.Error = "A password needs at least 10 characters; type a longer one or leave the field empty to have one made."
		return s.renderUsers(c, http.StatusBadRequest, v)
	}
	u, err := s.DB.CreateUser(c.Request().Context(), v.Email, v.Role, hash, actor(c))
	switch {
	case errors.Is(err, store.ErrConflict):
		v.Error = fmt.Sprintf("%s already has an account; change its role or reset its password in the list below.", v.Email)
		return s.renderUsers(c, http.StatusConflict, v)
	case errors.Is(err, store.ErrInvalid):
		v.Error = "Give the person's email address and choose admin or reviewer."
		return s.renderUsers(c, http.StatusBadRequest, v)
	case err != nil:
		return err
	}
	if !generated {
		return s.redirectWithFlash(c, "/settings/users", fmt.Sprintf("%s can now sign in as %s with the password you chose.", u.Email, u.Role))
	}
	return s.renderUsers(c, http.StatusOK, usersView{Role: store.RoleReviewer, Password: pw, For: u.Email})
}

// userChange changes a user's role, disables or enables them, or resets their password.
func (s *server) userChange(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return echo.ErrNotFound
	}
	ctx, who := c.Request().Context(), actor(c)
	var u *store.User
	msg := ""
	switch c.FormValue("action") {
	case "role":
		u, err = s.DB.SetUserRole(ctx, id, c.FormValue("role"), who)
		if err == nil {
			msg = fmt.Sprintf("%s is now %s.", u.Email, article(u.Role))
		}
	case "disable", "enable":
		u, err = s.DB.SetUserDisabled(ctx, id, c.FormValue("action") == "disable", who)
		if err == nil {
			msg = fmt.Sprintf("%s can sign in again.", u.Email)
			if u.DisabledAt != "" {
				msg = fmt.Sprintf("%s is disabled and signed out; their history stays.", u.Email)
			}
		}
	case "password":
		pw := GeneratePassword()
		hash, herr := HashPassword(pw)
		if herr != nil {
			return herr
		}
		if u, err = s.DB.SetUserPassword(ctx, id, hash, who); err == nil {
			return s.renderUsers(c, http.StatusOK, usersView{Role: store.RoleReviewer, Password: pw, For: u.Email})
		}
	default:
		return &userError{Code: http.StatusBadRequest, Msg: "Pick change role, disable, enable or reset password."}
	}
	switch {
	case errors.Is(err, store.ErrLastAdmin):
		return s.renderUsers(c, http.StatusConflict, usersView{Role: store.RoleReviewer,
			Error: "That would leave nobody who can manage refsync: this is the last admin who can sign in. Make another user an admin first."})
	case errors.Is(err, store.ErrNotFound):
		return &userError{Code: http.StatusNotFound, Msg: "That user does not exist; pick one from the list.", err: err}
	case errors.Is(err, store.ErrInvalid):
		return &userError{Code: http.StatusBadRequest, Msg: "Choose admin or reviewer as the role.", err: err}
	case err != nil:
		return err
	}
	return s.redirectWithFlash(c, "/settings/users", msg)
}

// article names a role with its article ("an admin", "a reviewer").
func article(role string) string {
	if role == store.RoleAdmin {
		return "an admin"
	}
	return "a " + role
}
