package web

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"
)

// settingsSave validates the posted rules (and their field names against
// Salesforce) and stores them as a new version.
func (s *server) settingsSave(c echo.Context) error {
	ctx := c.Request().Context()
	form, err := c.FormParams()
	if err != nil {
		return &userError{Code: http.StatusBadRequest, Msg: "The form could not be read; reload the page and try again.", err: err}
	}
	r, v, msgs, err := s.settingsDraft(ctx, c, form)
	if err != nil {
		return err
	}
	if len(msgs) > 0 {
		v.Errors = msgs
		return s.render(c, http.StatusUnprocessableEntity, "settings", v)
	}
	body, err := r.JSON()
	if err != nil {
		return err
	}
	saved, err := s.DB.SaveSettings(ctx, s.settingsProgram(c), body, actor(c))
	if err != nil {
		return err
	}
	return s.redirectWithFlash(c, "/settings", fmt.Sprintf("Settings saved as version %d. The sync uses them from its next run.", saved))
}
