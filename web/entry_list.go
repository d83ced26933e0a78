package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
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
	Paged    bool   // not the first page
	Total    int    // entries matching the filter, on every page
	Query    string // the filter as a query string (no cursor), for links and bulk actions
	Oldest   bool
}

// parseEntryFilter reads the queue's query string; unknown values are refused with a sentence.
func parseEntryFilter(q url.Values, now time.Time) (store.EntryFilter, error) {
	f := store.EntryFilter{Outcome: q.Get("outcome"), Reason: q.Get("reason"), Object: q.Get("object"), Search: q.Get("q"),
		After: q.Get("after"), Before: q.Get("before"), Limit: 50, Oldest: q.Get("sort") == "oldest"}
	if p := q.Get("program"); p != "" && p != "0" {
		id, err := strconv.ParseInt(p, 10, 64)
		if err != nil || id < 0 {
			return f, &userError{Code: http.StatusBadRequest, Msg: fmt.Sprintf("The program %q is not one of the choices; pick one with the program switcher.", p)}
		}
		f.ProgramID = id
	}
	if sort := q.Get("sort"); sort != "" && sort != "oldest" && sort != "newest" {
		return f, &userError{Code: http.StatusBadRequest, Msg: fmt.Sprintf("The sort %q is not one of the choices; pick newest or oldest first.", sort)}
	}
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
	if qs.Get("program") == "" {
		if p := s.currentProgram(c); p != 0 {
			qs.Set("program", strconv.FormatInt(p, 10)) // the switcher's program, kept in the queue's links and bulk actions
		}
	}
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
	total, err := s.DB.CountEntries(ctx, f)
	if err != nil {
		return err
	}
	v := entryListView{Filter: qs, Entries: entries, Objects: objects, Reasons: reasonCodes, Ages: ageChoices,
		Outcomes: outcomeChoices, Back: c.Request().URL.RequestURI(), Paged: qs.Get("after") != "", Total: total,
		Query: filterQuery(qs), Oldest: f.Oldest}
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

// filterKeys are the query parameters that make up the queue's filter.
var filterKeys = []string{"program", "outcome", "reason", "object", "age", "q", "sort"}

// filterQuery is the filter part of a queue query string (no cursor), encoded.
func filterQuery(qs url.Values) string {
	q := url.Values{}
	for _, k := range filterKeys {
		if v := qs.Get(k); v != "" {
			q.Set(k, v)
		}
	}
	if q.Get("outcome") == "" {
		q.Set("outcome", string(matching.EntryReview)) // what an empty outcome shows
	}
	return q.Encode()
}
