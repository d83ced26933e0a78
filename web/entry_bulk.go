package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
)

// entryBulk retries or dismisses the selected entries, one by one, and says how it went.
func (s *server) entryBulk(c echo.Context) error {
	form, err := c.FormParams()
	if err != nil {
		return &userError{Code: http.StatusBadRequest, Msg: "The form could not be read; reload the page and try again.", err: err}
	}
	back := safeBack(form.Get("back"))
	action, note := form.Get("action"), strings.TrimSpace(form.Get("note"))
	if action != "retry" && action != "dismiss" {
		return &userError{Code: http.StatusUnprocessableEntity, Msg: "Choose Retry or Dismiss for the selected entries."}
	}
	var ids []int64
	for _, raw := range form["id"] {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return &userError{Code: http.StatusBadRequest, Msg: fmt.Sprintf("%q is not an entry number; reload the page and try again.", raw)}
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return s.redirectWithFlash(c, back, "Select at least one entry first (tick the boxes in the first column).")
	}
	if action == "dismiss" && note == "" {
		return s.redirectWithFlash(c, back, "Write a note saying why the selected entries are dismissed, then press Dismiss again.")
	}
	ok, failed := 0, []string{}
	for _, id := range ids {
		var err error
		if action == "retry" {
			_, err = s.Reviewer.RetryEntry(c.Request().Context(), id, nil, actor(c))
		} else {
			_, err = s.Reviewer.DismissEntry(c.Request().Context(), id, note, actor(c))
		}
		if err != nil {
			failed = append(failed, fmt.Sprintf("#%d (%s)", id, plainError(err)))
			continue
		}
		ok++
	}
	verb := map[string]string{"retry": "Retried", "dismiss": "Dismissed"}[action]
	msg := fmt.Sprintf("%s %d of %d selected entries.", verb, ok, len(ids))
	if len(failed) > 0 {
		msg += " Not done: " + strings.Join(failed, "; ")
	}
	return s.redirectWithFlash(c, back, msg)
}
