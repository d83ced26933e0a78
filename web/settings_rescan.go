package web

import (
	"fmt"
	"github.com/refsync/refsync/store"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/config"
)

// settingsRescan asks the next sync run of an object to re-read Salesforce
// from a date (the admin's re-scan); entries already received are not repeated.
func (s *server) settingsRescan(c echo.Context) error {
	ctx := c.Request().Context()
	object, from := strings.TrimSpace(c.FormValue("object")), strings.TrimSpace(c.FormValue("from"))
	rules, _, err := currentRules(ctx, s.DB, store.DefaultProgram)
	if err != nil {
		return err
	}
	if !slices.Contains(rules.Objects, object) {
		return s.redirectWithFlash(c, "/settings", fmt.Sprintf("Re-scan: %q is not a watched object; pick one of %s.", object, strings.Join(rules.Objects, ", ")))
	}
	t, err := config.ParseSince(from)
	if err != nil || t.IsZero() {
		return s.redirectWithFlash(c, "/settings", "Re-scan: write the date to re-read from, like 2025-01-31.")
	}
	stamp := t.UTC().Format("2006-01-02T15:04:05.000Z")
	if err := s.DB.SetBackfill(ctx, object, stamp); err != nil {
		return err
	}
	if err := s.DB.Audit(ctx, actor(c), "sync.rescan", object, "from "+stamp); err != nil {
		return err
	}
	return s.redirectWithFlash(c, "/settings", fmt.Sprintf("The next sync of %s re-reads Salesforce from %s; changes already received are skipped.", object, t.Format("2006-01-02 15:04 UTC")))
}
