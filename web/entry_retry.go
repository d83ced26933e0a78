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
	label := field
	switch {
	case field != "" && value == "":
		return s.entryFormError(c, id, fmt.Sprintf("Enter the corrected value of %s, or clear the field choice to retry unchanged.", field))
	case field == "" && value != "":
		return s.entryFormError(c, id, "Choose which field the corrected value belongs to.")
	case field != "":
		if f, ok, err := s.namedRetryField(c, id, field); err != nil {
			return err
		} else if ok {
			field, label = f.Value, f.Label
		}
		corrections = map[string]string{field: value}
	}
	e, err := s.Reviewer.RetryEntry(c.Request().Context(), id, corrections, actor(c))
	if err != nil {
		return s.entryFormError(c, id, "Retry failed: "+plainError(err))
	}
	detail := "now " + string(e.Outcome)
	if field != "" {
		detail = fmt.Sprintf("%s (%s) corrected to %q; %s", label, field, value, detail)
	}
	if err := s.DB.Audit(c.Request().Context(), actor(c), "entry.retry", fmt.Sprintf("entry %d", id), detail); err != nil {
		return err
	}
	msg := fmt.Sprintf("Entry #%d retried: now %s.", id, wordsOf(outcomeNames, string(e.Outcome)))
	if e.Reason != "" {
		msg += " " + matching.ReasonWords(e.Reason)
	}
	if field != "" {
		msg += fmt.Sprintf(" %s was corrected in refsync's copy of this change only: the %s in Salesforce still has the old value; correct it there too, or its next change brings the old value back.", label, e.Object)
	}
	if e.Outcome == matching.EntryReview || e.Outcome == matching.EntryFailed {
		return s.redirectWithFlash(c, entryURL(id, c.FormValue("from")), msg) // still needs a person: stay
	}
	return s.afterAction(c, id, msg, fmt.Sprintf("/entries/%d", id))
}

// namedRetryField finds the field a reviewer named (by label or API name) among those the entry's rules read.
func (s *server) namedRetryField(c echo.Context, id int64, named string) (choice, bool, error) {
	ctx := c.Request().Context()
	e, err := s.DB.EntryByID(ctx, id)
	if err != nil {
		return choice{}, false, err
	}
	rules, _, err := currentRules(ctx, s.DB, e.ProgramID)
	if err != nil {
		return choice{}, false, err
	}
	fields, _ := s.retryFields(ctx, rules, e.Object)
	f, ok := retryField(fields, named)
	return f, ok, nil
}
