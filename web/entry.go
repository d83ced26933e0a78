package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector"
	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// candidateView is one candidate with its referral, for the side-by-side view.
type candidateView struct {
	matching.Candidate
	Referral *store.Referral // nil when the referral is gone
	Rows     []fieldRow
}

// fieldRow compares one field: what Salesforce has, what the referral has, and the score.
type fieldRow struct {
	matching.FieldScore
	Salesforce, Referral string
}

// referralValue is the referral's value of a match field kind.
func referralValue(r *store.Referral, kind string) string {
	if r == nil {
		return ""
	}
	switch kind {
	case "first_name":
		return r.FirstName
	case "last_name":
		return r.LastName
	case "email":
		return r.Email
	case "phone":
		return r.Phone
	case "company":
		return r.Company
	case "street":
		return r.Street
	case "city":
		return r.City
	case "state":
		return r.State
	case "postal_code":
		return r.PostalCode
	case "member_code":
		return r.MemberCode
	case "referral_id":
		return r.ID
	case "external_id":
		return r.ExternalID
	}
	return ""
}

// salesforceFields maps match field kinds to the snapshot fields the rules read for an object.
func salesforceFields(r *config.Rules, object string) map[string]string {
	out := map[string]string{}
	for _, list := range [][]config.MatchField{r.FuzzyFields, r.DirectFields, r.MemberFields} {
		for _, f := range list {
			if f.Object == object {
				if _, seen := out[f.Kind]; !seen {
					out[f.Kind] = f.Field
				}
			}
		}
	}
	return out
}

// entryView is the data of the entry detail page.
type entryView struct {
	Entry      *matching.Entry
	Open       bool
	Referral   *store.Referral // the matched referral, if any
	Candidates []candidateView
	History    []matching.EntryEvent
	Fields     []string // snapshot field names, for "edit a value and retry"
	Search     string
	Found      []*store.Referral
	Error      string
}

func entryID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, &userError{Code: http.StatusNotFound, Msg: fmt.Sprintf("%q is not an entry number.", c.Param("id"))}
	}
	return id, nil
}

// entryDetail shows one entry: snapshot, rule, candidates side by side, history and the actions.
func (s *server) entryDetail(c echo.Context) error {
	id, err := entryID(c)
	if err != nil {
		return err
	}
	v, err := s.loadEntryView(c, id)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "entry", v)
}

func (s *server) loadEntryView(c echo.Context, id int64) (*entryView, error) {
	ctx := c.Request().Context()
	e, err := s.DB.EntryByID(ctx, id)
	if err != nil {
		return nil, err
	}
	// the receiver refuses actions on processed entries only
	v := &entryView{Entry: e, Open: e.Outcome != matching.EntryProcessed,
		Fields: sortedKeys(e.Snapshot), Search: strings.TrimSpace(c.QueryParam("rq"))}
	if e.ReferralID != "" {
		if v.Referral, err = s.DB.ReferralByID(ctx, e.ReferralID); err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
	}
	rules, _, err := currentRules(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	sfFields := salesforceFields(rules, e.Object)
	for _, cand := range e.Candidates {
		cv := candidateView{Candidate: cand}
		if cv.Referral, err = s.DB.ReferralByID(ctx, cand.ReferralID); err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		for _, f := range cand.Fields {
			row := fieldRow{FieldScore: f, Referral: referralValue(cv.Referral, f.Field)}
			if name, ok := sfFields[f.Field]; ok && e.Snapshot[name] != nil {
				row.Salesforce = showValue(e.Snapshot[name])
			}
			cv.Rows = append(cv.Rows, row)
		}
		v.Candidates = append(v.Candidates, cv)
	}
	if v.History, err = s.DB.EntryHistory(ctx, id); err != nil {
		return nil, err
	}
	if v.Search != "" {
		if v.Found, _, err = s.DB.ListReferrals(ctx, store.ReferralFilter{Search: v.Search, Limit: 20}); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// entryApply applies the entry to a referral chosen by the reviewer.
func (s *server) entryApply(c echo.Context) error {
	id, err := entryID(c)
	if err != nil {
		return err
	}
	ref := strings.TrimSpace(c.FormValue("referral_id"))
	if ref == "" {
		return s.entryFormError(c, id, "Choose the referral to apply this entry to.")
	}
	if _, err := s.DB.ReferralByID(c.Request().Context(), ref); errors.Is(err, store.ErrNotFound) {
		return s.entryFormError(c, id, fmt.Sprintf("There is no referral %q; search for it and pick one from the list.", ref))
	}
	remember := c.FormValue("remember") == "on"
	if _, err := s.Reviewer.ApplyEntry(c.Request().Context(), id, ref, remember, actor(c)); err != nil {
		return s.entryFormError(c, id, "Not applied: "+plainError(err))
	}
	msg := fmt.Sprintf("Entry #%d applied to referral %s.", id, ref)
	if remember {
		msg += " The link is remembered for later changes of this record."
	}
	return s.redirectWithFlash(c, fmt.Sprintf("/entries/%d", id), msg)
}

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
	msg := fmt.Sprintf("Entry #%d retried: now %s.", id, e.Outcome)
	if e.Reason != "" {
		msg += " " + matching.ReasonWords(e.Reason)
	}
	return s.redirectWithFlash(c, fmt.Sprintf("/entries/%d", id), msg)
}

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
	return s.redirectWithFlash(c, "/entries", fmt.Sprintf("Entry #%d dismissed.", id))
}

// entryFormError shows the entry again with a message saying what to fix (422).
func (s *server) entryFormError(c echo.Context, id int64, msg string) error {
	v, err := s.loadEntryView(c, id)
	if err != nil {
		return err
	}
	v.Error = msg
	return s.render(c, http.StatusUnprocessableEntity, "entry", v)
}

// plainError is the part of an error a user can act on.
func plainError(err error) string {
	var ue *userError
	var te *store.TransitionError
	switch {
	case errors.As(err, &ue):
		return ue.Msg
	case errors.As(err, &te):
		return te.Error() + "."
	case errors.Is(err, connector.ErrInvalid), errors.Is(err, connector.ErrConflict), errors.Is(err, connector.ErrNotFound):
		return sentence(err.Error())
	case errors.Is(err, store.ErrNotFound):
		return "It no longer exists."
	}
	return sentence(err.Error())
}

// sentence drops the "connector: …:" and sentinel prefixes of an error message
// and makes it read as a sentence.
func sentence(msg string) string {
	for {
		cut := false
		for _, p := range []string{"connector: ", "invalid: ", "conflict: ", "not found: "} {
			if rest, ok := strings.CutPrefix(msg, p); ok {
				msg, cut = rest, true
			}
		}
		if !cut {
			break
		}
	}
	if msg == "" {
		return msg
	}
	msg = strings.ToUpper(msg[:1]) + msg[1:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}
