package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// ageChoices are the queue's age filter: received at least this long ago.
var ageChoices = []struct {
	Value, Label string
	Age          time.Duration
}{
	{"1h", "older than 1 hour", time.Hour}, {"1d", "older than 1 day", 24 * time.Hour},
	{"7d", "older than 7 days", 7 * 24 * time.Hour}, {"30d", "older than 30 days", 30 * 24 * time.Hour},
}

// outcomeChoices are the queue's outcome filter.
var outcomeChoices = []struct{ Value, Label string }{
	{"review", "In review"}, {"failed", "Failed"},
	{"processed", "Processed"}, {"ignored", "Ignored"}, {"dismissed", "Dismissed"}, {"all", "All"},
}

// entryListView is the data of the queue page.
type entryListView struct {
	Filter   url.Values
	Entries  []*matching.Entry
	Next     string
	Objects  []string
	Reasons  []string
	Ages     any
	Outcomes any
	Back     string
	Paged    bool // not the first page
}

// parseEntryFilter reads the queue's query string; unknown values are refused with a sentence.
func parseEntryFilter(q url.Values, now time.Time) (store.EntryFilter, error) {
	f := store.EntryFilter{Outcome: q.Get("outcome"), Reason: q.Get("reason"), Object: q.Get("object"), Search: q.Get("q"),
		After: q.Get("after"), Limit: 50}
	okOutcome := f.Outcome == ""
	for _, o := range outcomeChoices {
		okOutcome = okOutcome || o.Value == f.Outcome
	}
	if !okOutcome {
		return f, &userError{Code: http.StatusBadRequest, Msg: fmt.Sprintf("The outcome filter %q is not one of the choices; pick one from the list.", f.Outcome)}
	}
	switch f.Outcome {
	case "":
		f.Outcome = string(matching.EntryReview)
	case "all":
		f.Outcome = ""
	}
	if a := q.Get("age"); a != "" {
		for _, c := range ageChoices {
			if c.Value == a {
				f.OlderThan = now.Add(-c.Age)
			}
		}
		if f.OlderThan.IsZero() {
			return f, &userError{Code: http.StatusBadRequest, Msg: fmt.Sprintf("The age filter %q is not one of the choices; pick one from the list.", a)}
		}
	}
	return f, nil
}

// entryList is the review queue.
func (s *server) entryList(c echo.Context) error {
	ctx := c.Request().Context()
	qs := c.QueryParams()
	f, err := parseEntryFilter(qs, time.Now())
	if err != nil {
		return err
	}
	entries, next, err := s.DB.ListEntries(ctx, f)
	if errors.Is(err, store.ErrInvalid) {
		return &userError{Code: http.StatusBadRequest, Msg: "That page link is broken; go back to the first page of the queue.", err: err}
	}
	if err != nil {
		return err
	}
	objects, err := entryObjects(ctx, s.DB)
	if err != nil {
		return err
	}
	v := entryListView{Filter: qs, Entries: entries, Objects: objects, Reasons: reasonCodes, Ages: ageChoices,
		Outcomes: outcomeChoices, Back: c.Request().URL.RequestURI(), Paged: qs.Get("after") != ""}
	if next != "" {
		nq := url.Values{}
		for k, vs := range qs {
			nq[k] = vs
		}
		nq.Set("after", next)
		v.Next = "/entries?" + nq.Encode()
	}
	return s.render(c, http.StatusOK, "entries", v)
}

// entryBulk retries or dismisses the selected entries, one by one, and says how it went.
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
