package web

import (
	"github.com/labstack/echo/v4"
)

// settingsReconnect asks the receiver to connect to Salesforce again.
func (s *server) settingsReconnect(c echo.Context) error {
	ctx := c.Request().Context()
	err := s.Reviewer.Reconnect(ctx)
	if aerr := s.DB.Audit(ctx, actor(c), "connection.reconnect", "salesforce", errText(err)); aerr != nil {
		return aerr
	}
	if err != nil {
		return s.redirectWithFlash(c, "/settings", "Reconnecting failed: "+plainError(err)+" Check the credentials in the environment and try again.")
	}
	return s.redirectWithFlash(c, "/settings", "Connected to Salesforce again; the sync resumes.")
}

func errText(err error) string {
	if err == nil {
		return "ok"
	}
	return err.Error()
}
