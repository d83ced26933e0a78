package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/store"
)

// tokensView is the data of the API tokens page.
type tokensView struct {
	Tokens []*store.APIToken
	Error  string
	Name   string
	Secret string // a new token, shown once
	For    string // the new token's name
}

// tokensPage lists the API tokens, revoked ones too, with their last use.
func (s *server) tokensPage(c echo.Context) error {
	return s.renderTokens(c, http.StatusOK, tokensView{})
}

func (s *server) renderTokens(c echo.Context, code int, v tokensView) error {
	list, err := s.DB.ListAPITokens(c.Request().Context())
	if err != nil {
		return err
	}
	v.Tokens = list
	return s.render(c, code, "tokens", v)
}

// tokenCreate makes a token and shows its secret once.
func (s *server) tokenCreate(c echo.Context) error {
	name, role := c.FormValue("name"), c.FormValue("role")
	secret, t, err := s.DB.CreateAPITokenAs(c.Request().Context(), name, role, actor(c))
	if errors.Is(err, store.ErrInvalid) {
		return s.renderTokens(c, http.StatusBadRequest, tokensView{Name: name,
			Error: "Give the token a name (who or what uses it) and choose admin or reviewer."})
	}
	if err != nil {
		return err
	}
	return s.renderTokens(c, http.StatusOK, tokensView{Secret: secret, For: t.Name})
}

// tokenRevoke revokes a token: the API refuses it from the next request on.
func (s *server) tokenRevoke(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return echo.ErrNotFound
	}
	if err := s.DB.RevokeAPIToken(c.Request().Context(), id, actor(c)); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return s.redirectWithFlash(c, "/settings/tokens", "That token was already revoked; nothing changed.")
		}
		return err
	}
	return s.redirectWithFlash(c, "/settings/tokens", fmt.Sprintf("Token %d is revoked: the API refuses it from now on.", id))
}
