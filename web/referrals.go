package web

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// referralListView is the data of the referrals page.
type referralListView struct {
	Search, Status string
	Statuses       []string
	Referrals      []*store.Referral
	Next           string
}

// referralList lists and searches referrals, a page at a time.
func (s *server) referralList(c echo.Context) error {
	v := referralListView{Search: c.QueryParam("q"), Status: c.QueryParam("status"),
		Statuses: []string{store.StatusPending, store.StatusQualified, store.StatusApproved, store.StatusDenied}}
	if v.Status != "" && !store.ValidStatus(v.Status) {
		return &userError{Code: http.StatusBadRequest, Msg: "The status filter must be pending, qualified, approved or denied."}
	}
	refs, next, err := s.DB.ListReferrals(c.Request().Context(), store.ReferralFilter{Search: v.Search, Status: v.Status,
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

// referralView is the data of a referral's page.
type referralView struct {
	Referral *store.Referral
	Member   *store.Member
	History  []store.StatusHistoryRow
	Links    []store.Link
	Entries  []*matching.Entry
}

// referralDetail shows a referral with its status history, Salesforce links and entries.
func (s *server) referralDetail(c echo.Context) error {
	ctx := c.Request().Context()
	r, err := s.DB.ReferralByID(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	v := referralView{Referral: r}
	if r.MemberID != "" {
		if v.Member, err = s.DB.MemberByID(ctx, r.MemberID); err != nil {
			return err
		}
	}
	if v.History, err = s.DB.StatusHistory(ctx, r.ID); err != nil {
		return err
	}
	if v.Links, err = s.DB.LinksOfReferral(ctx, r.ID); err != nil {
		return err
	}
	if v.Entries, _, err = s.DB.ListEntries(ctx, store.EntryFilter{Search: r.ID, Limit: 50}); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "referral", v)
}
