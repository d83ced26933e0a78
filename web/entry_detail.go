package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// candidateView is one candidate with its referral, for the side-by-side view.
type candidateView struct {
	matching.Candidate
	Referral *store.Referral // nil when the referral is gone
	Rows     []fieldRow
	Changes  []fieldChange // what applying would change on the referral
	Member   string        // set when the record names another member than the referral's: the warning
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
	Entry       *matching.Entry
	MemberCode  string // the member code a member_not_found entry names, to add that member
	Open        bool
	Referral    *store.Referral // the matched referral, if any
	Candidates  []candidateView
	Preview     *applyPreview // the referral picked from a search, beside the record, before applying
	History     []matching.EntryEvent
	Fields      []string          // snapshot field names, for "edit a value and retry"
	Filled      []string          // snapshot fields with a value, shown first
	Empty       []string          // snapshot fields Salesforce left empty
	Labels      map[string]string // the snapshot fields' labels
	Title       string            // the record's name, for the heading
	RuleText    string            // the rule that fired, with labels
	Search      string
	Found       []*store.Referral
	MoreFound   bool // more referrals match the search than are listed
	Error       string
	From        string     // the queue's filter this entry was opened from
	Next        int64      // the next entry of that queue, 0 at its end
	RetryFields []choice   // fields a reviewer may correct before retrying (API name and label)
	Example     string     // an example of them
	MatchWords  string     // how the referral was found, in words
	Compare     []fieldRow // the record beside the matched referral (direct and manual matches)
	// MemberWarning says the record names another member than the matched referral's.
	MemberWarning string
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

// loadEntryView gathers everything the entry page shows.
func (s *server) loadEntryView(c echo.Context, id int64) (*entryView, error) {
	ctx := c.Request().Context()
	e, err := s.DB.EntryByID(ctx, id)
	if err != nil {
		return nil, err
	}
	// the receiver refuses actions on processed entries only
	v := &entryView{Entry: e, Open: e.Outcome != matching.EntryProcessed,
		Fields: sortedKeys(e.Snapshot), Search: strings.TrimSpace(c.QueryParam("rq"))}
	label := s.labelsOf(ctx, e.Object)
	v.Labels, v.Title, v.RuleText = make(map[string]string, len(v.Fields)), recordTitle(e.Snapshot), ruleText(e, label)
	for _, k := range v.Fields {
		v.Labels[k] = label(k)
		if val, ok := e.Snapshot[k].(string); e.Snapshot[k] == nil || ok && strings.TrimSpace(val) == "" {
			v.Empty = append(v.Empty, k)
		} else {
			v.Filled = append(v.Filled, k)
		}
	}
	if e.ReferralID != "" {
		if v.Referral, err = s.DB.ReferralByID(ctx, e.ReferralID); err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
	}
	rules, _, err := currentRules(ctx, s.DB, e.ProgramID)
	if err != nil {
		return nil, err
	}
	from := c.QueryParam("from")
	if from == "" { // opened by a link: apply, dismiss and retry still go on to the next entry in review
		from = "outcome=" + string(matching.EntryReview)
	}
	q, _ := url.ParseQuery(from)
	v.From = filterQuery(q) // only the filter's own keys, encoded again
	if v.Next, err = s.nextEntry(ctx, v.From, id); err != nil {
		return nil, err
	}
	v.RetryFields, v.Example = s.retryFields(ctx, rules, e.Object)
	if strings.HasPrefix(e.Note, "corrected ") { // the note keeps API names; a person reads the labels
		for _, f := range v.RetryFields {
			e.Note = strings.ReplaceAll(e.Note, f.Value+" = ", f.Label+" = ")
		}
	}
	if e.Reason == "member_not_found" {
		v.MemberCode = missingMemberCode(e, rules)
	}
	if e.Method != "" {
		earlier, err := s.DB.EarlierEntryFor(ctx, e.RecordID, e.ReferralID, e.ID)
		if err != nil {
			return nil, err
		}
		v.MatchWords = matchWords(e, earlier, rules)
	}
	if len(e.Candidates) == 0 {
		v.Compare = compareRows(e, v.Referral, rules)
		v.MemberWarning = memberMismatch(missingMemberCode(e, rules), v.Referral)
	}
	sfFields := salesforceFields(rules, e.Object)
	for _, cand := range e.Candidates {
		cv := candidateView{Candidate: cand}
		if cv.Band == "" { // stored before candidates carried their band
			cv.Band = matching.Band(cand.Score)
		}
		if cv.Referral, err = s.DB.ReferralByID(ctx, cand.ReferralID); err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		cv.Changes = applyChanges(e, cv.Referral, rules)
		cv.Member = memberMismatch(missingMemberCode(e, rules), cv.Referral)
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
	n := &namer{ctx: ctx, db: s.DB, known: map[string]string{}}
	for i := range v.History { // the log keeps ids; a person reads names
		v.History[i].Detail = n.words(v.History[i].Detail)
	}
	if err := s.loadSearch(ctx, v, rules, strings.TrimSpace(c.QueryParam("pick"))); err != nil {
		return nil, err
	}
	return v, nil
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

// missingMemberCode is the referral code a member_not_found entry carries
// (a member code field of its object, or the qualify hook's referral_code).
func missingMemberCode(e *matching.Entry, rules *config.Rules) string {
	if code, ok := e.Snapshot["referral_code"].(string); ok && e.Object == "Webhook" {
		return strings.TrimSpace(code)
	}
	for _, f := range rules.MemberFields {
		if f.Object == e.Object && f.Kind == "member_code" {
			if code, ok := e.Snapshot[f.Field].(string); ok && strings.TrimSpace(code) != "" {
				return strings.TrimSpace(code)
			}
		}
	}
	return ""
}
