package web

import (
	"fmt"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/store"
)

// settingsPause pauses or resumes the polling of one watched object: a new
// settings version with the object added to or removed from the paused list.
func (s *server) settingsPause(c echo.Context) error {
	ctx := c.Request().Context()
	object, pause := strings.TrimSpace(c.FormValue("object")), c.FormValue("paused") == "1"
	rules, _, err := currentRules(ctx, s.DB, store.DefaultProgram)
	if err != nil {
		return err
	}
	if !slices.Contains(rules.Objects, object) {
		return s.redirectWithFlash(c, "/", fmt.Sprintf("%q is not a watched object; pick one of %s.", object, strings.Join(rules.Objects, ", ")))
	}
	rules.Paused = slices.DeleteFunc(rules.Paused, func(o string) bool { return o == object })
	action, msg := "sync.resume", fmt.Sprintf("Polling of %s resumes with the next run.", object)
	if pause {
		rules.Paused = append(rules.Paused, object)
		action, msg = "sync.pause", fmt.Sprintf("Polling of %s is paused; its changes wait in Salesforce until you resume it.", object)
	}
	body, err := rules.JSON()
	if err != nil {
		return err
	}
	if _, err := s.DB.SaveSettings(ctx, store.DefaultProgram, body, actor(c)); err != nil {
		return err
	}
	if err := s.DB.Audit(ctx, actor(c), action, object, ""); err != nil {
		return err
	}
	return s.redirectWithFlash(c, "/", msg)
}
