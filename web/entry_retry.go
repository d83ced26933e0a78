package web

import (
	"fmt"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/matching"
)

// entryRetry runs the entry through the receiver again, with an optional corrected value.
func (s *server) entryRetry(c echo.Context) error {
	id, err := entryID(c)
	if err != nil {
		return err
	}
	field, value := strings.TrimSpace(c.FormValue("field")), strings.TrimSpace(c.FormValue("value"))
	var corrections map[string]string
	switch {
	case field != "" && value == "":
		return s.entryFormError(c, id, fmt.Sprintf("Enter the corrected value of %s, or clear the field choice to retry unchanged.", field))
	case field == "" && value != "":
		return s.entryFormError(c, id, "Choose which field the corrected value belongs to.")
	case field != "":
		corrections = map[string]string{field: value}
	}
	e, err := s.Reviewer.RetryEntry(c.Request().Context(), id, corrections, actor(c))
	if err != nil {
		return s.entryFormError(c, id, "Retry failed: "+plainError(err))
	}
	detail := "now " + string(e.Outcome)
	if field != "" {
		detail = fmt.Sprintf("%s corrected to %q; %s", field, value, detail)
	}
	if err := s.DB.Audit(c.Request().Context(), actor(c), "entry.retry", fmt.Sprintf("entry %d", id), detail); err != nil {
		return err
	}
	msg := fmt.Sprintf("Entry #%d retried: now %s.", id, e.Outcome)
	if e.Reason != "" {
		msg += " " + matching.ReasonWords(e.Reason)
	}
	if e.Outcome == matching.EntryReview || e.Outcome == matching.EntryFailed {
		return s.redirectWithFlash(c, entryURL(id, c.FormValue("from")), msg) // still needs a person: stay
	}
	return s.afterAction(c, id, msg, fmt.Sprintf("/entries/%d", id))
}
