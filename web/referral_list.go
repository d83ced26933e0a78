package web

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/store"
)

// referralListView is the data of the referrals page.
type referralListView struct {
	Search, Status string
	Statuses       []string
	Referrals      []*store.Referral
	Next           string
	Program        int64 // the switcher's program; 0: every program
}

// referralList lists and searches referrals, a page at a time.
func (s *server) referralList(c echo.Context) error {
	v := referralListView{Search: c.QueryParam("q"), Status: c.QueryParam("status"),
		Statuses: []string{store.StatusPending, store.StatusQualified, store.StatusApproved, store.StatusDenied}}
	if v.Status != "" && !store.ValidStatus(v.Status) {
		return &userError{Code: http.StatusBadRequest, Msg: "The status filter must be pending, qualified, approved or denied."}
	}
	v.Program = s.currentProgram(c)
	refs, next, err := s.DB.ListReferrals(c.Request().Context(), store.ReferralFilter{ProgramID: v.Program, Search: v.Search, Status: v.Status,
		After: c.QueryParam("after"), Limit: 50})
	if err != nil {
		return &userError{Code: http.StatusBadRequest, Msg: "That page link is broken; go back to the first page.", err: err}
	}
	v.Referrals = refs
	if next != "" {
		q := url.Values{"after": {next}}
		if v.Search != "" {
			q.Set("q", v.Search)
		}
		if v.Status != "" {
			q.Set("status", v.Status)
		}
		v.Next = "/referrals?" + q.Encode()
	}
	return s.render(c, http.StatusOK, "referrals", v)
}
