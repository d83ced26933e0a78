package web

import (
	"fmt"
	"strings"

	"github.com/labstack/echo/v4"
)

// entryDismiss closes the entry without applying it; a note is required.
func (s *server) entryDismiss(c echo.Context) error {
	id, err := entryID(c)
	if err != nil {
		return err
	}
	note := strings.TrimSpace(c.FormValue("note"))
	if note == "" {
		return s.entryFormError(c, id, "Write a note saying why this entry is dismissed.")
	}
	if _, err := s.Reviewer.DismissEntry(c.Request().Context(), id, note, actor(c)); err != nil {
		return s.entryFormError(c, id, "Not dismissed: "+plainError(err))
	}
	if err := s.notThisReferral(c, id); err != nil {
		return err
	}
	if err := s.DB.Audit(c.Request().Context(), actor(c), "entry.dismiss", fmt.Sprintf("entry %d", id), note); err != nil {
		return err
	}
	return s.afterAction(c, id, fmt.Sprintf("Entry #%d dismissed.", id), "/entries")
}
