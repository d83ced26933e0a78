package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/matching"
)

// bulkCap is how many entries one bulk action over a filter handles; the
// message says when more remain.
const bulkCap = 2000

// entryBulk retries or dismisses the selected entries, or every entry that
// matches the queue's filter (scope=filter), one by one, and says how it went.
func (s *server) entryBulk(c echo.Context) error {
	form, err := c.FormParams()
	if err != nil {
		return &userError{Code: http.StatusBadRequest, Msg: "The form could not be read; reload the page and try again.", err: err}
	}
	back := safeNext(form.Get("back"))
	if !strings.HasPrefix(back, "/entries") {
		back = "/entries"
	}
	action, note := form.Get("action"), strings.TrimSpace(form.Get("note"))
	if action != "retry" && action != "dismiss" {
		return &userError{Code: http.StatusUnprocessableEntity, Msg: "Choose Retry or Dismiss for the selected entries."}
	}
	ids, what, more, err := s.bulkTargets(c.Request().Context(), form)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		if form.Get("scope") == "filter" {
			return s.redirectWithFlash(c, back, "No entry matches this filter any more; nothing was done.")
		}
		return s.redirectWithFlash(c, back, "Select at least one entry first (tick the boxes in the first column), or choose all entries matching the filter.")
	}
	if action == "dismiss" && note == "" {
		return s.redirectWithFlash(c, back, "Write a note saying why the entries are dismissed, then press Dismiss again.")
	}
	var t bulkTally
	for _, id := range ids {
		var e *matching.Entry
		var err error
		if action == "retry" {
			e, err = s.Reviewer.RetryEntry(c.Request().Context(), id, nil, actor(c))
		} else {
			e, err = s.Reviewer.DismissEntry(c.Request().Context(), id, note, actor(c))
		}
		t.add(id, e, err)
	}
	verb := map[string]string{"retry": "Retried", "dismiss": "Dismissed"}[action]
	msg := fmt.Sprintf("%s %d of %d %s%s", verb, t.done, len(ids), what, t.words())
	detail := fmt.Sprintf("%d of %d %s%s", t.done, len(ids), what, t.words())
	if action == "dismiss" {
		detail += " Note: " + note
	}
	if err := s.DB.Audit(c.Request().Context(), actor(c), "entry."+action, plural(len(ids), "entry"), detail); err != nil {
		return err
	}
	if more {
		msg += fmt.Sprintf(" More than %d entries match: press the button again for the rest.", bulkCap)
	}
	if st, err := s.DB.EntryStats(c.Request().Context()); err == nil {
		msg += fmt.Sprintf(" %d %s in the review queue.", st.QueueSize, map[bool]string{true: "entry waits", false: "entries wait"}[st.QueueSize == 1])
	}
	return s.redirectWithFlash(c, back, msg)
}

// bulkTargets lists the entries a bulk action covers: the ticked ones, or
// (scope=filter) those matching the posted filter, at most bulkCap.
func (s *server) bulkTargets(ctx context.Context, form url.Values) (ids []int64, what string, more bool, err error) {
	if form.Get("scope") != "filter" {
		for _, raw := range form["id"] {
			id, err := strconv.ParseInt(raw, 10, 64)
			if err != nil {
				return nil, "", false, &userError{Code: http.StatusBadRequest, Msg: fmt.Sprintf("%q is not an entry number; reload the page and try again.", raw)}
			}
			ids = append(ids, id)
		}
		return ids, "selected entries", false, nil
	}
	q, err := url.ParseQuery(form.Get("filter"))
	if err != nil {
		return nil, "", false, &userError{Code: http.StatusBadRequest, Msg: "The filter could not be read; reload the queue and try again.", err: err}
	}
	f, err := parseEntryFilter(q, time.Now())
	if err != nil {
		return nil, "", false, err
	}
	f.Limit = 1000
	for len(ids) < bulkCap {
		page, next, err := s.DB.ListEntries(ctx, f)
		if err != nil {
			return nil, "", false, err
		}
		for _, e := range page {
			ids = append(ids, e.ID)
		}
		if next == "" {
			break
		}
		f.After = next
	}
	if len(ids) > bulkCap {
		ids, more = ids[:bulkCap], true
	}
	return ids, "entries matching the filter", more, nil
}

// bulkTally counts how a bulk action left the entries.
type bulkTally struct {
	done     int
	outcomes map[matching.EntryOutcome]int
	failed   []string
}

func (t *bulkTally) add(id int64, e *matching.Entry, err error) {
	if err != nil {
		t.failed = append(t.failed, fmt.Sprintf("#%d (%s)", id, plainError(err)))
		return
	}
	t.done++
	if t.outcomes == nil {
		t.outcomes = map[matching.EntryOutcome]int{}
	}
	if e != nil {
		t.outcomes[e.Outcome]++
	}
}

// words says where the entries stand now: "; now 60 processed, 12 still in review."
func (t *bulkTally) words() string {
	var parts []string
	for _, o := range []struct {
		outcome matching.EntryOutcome
		label   string
	}{{matching.EntryProcessed, "processed"}, {matching.EntryReview, "still in review"}, {matching.EntryFailed, "failed again"},
		{matching.EntryIgnored, "ignored"}, {matching.EntryDismissed, "dismissed"}} {
		if n := t.outcomes[o.outcome]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, o.label))
		}
	}
	msg := "."
	if len(parts) > 0 {
		msg = "; now " + strings.Join(parts, ", ") + "."
	}
	if len(t.failed) > 0 {
		msg += " Not done: " + strings.Join(t.failed, "; ")
	}
	return msg
}
