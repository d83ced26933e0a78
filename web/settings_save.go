package web

import (
	"fmt"

	"github.com/labstack/echo/v4"
)

// settingsSave validates the posted rules (and their field names against
// Salesforce) and stores them as a new version.
func (s *server) settingsSave(c echo.Context) error {
	ctx := c.Request().Context()
	r, _, err := s.settingsDraft(c)
	if r == nil {
		return err
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
