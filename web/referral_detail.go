package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// referralView is the data of a referral's page.
type referralView struct {
	Referral *store.Referral
	Member   *store.Member
	History  []store.StatusHistoryRow
	Links    []store.Link
	Entries  []*matching.Entry
	Statuses []string // for the manual status change
}

// referralDetail shows a referral with its status history, Salesforce links and entries.
func (s *server) referralDetail(c echo.Context) error {
	ctx := c.Request().Context()
	r, err := s.DB.ReferralByID(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	v := referralView{Referral: r, Statuses: []string{store.StatusPending, store.StatusQualified, store.StatusApproved, store.StatusDenied}}
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
