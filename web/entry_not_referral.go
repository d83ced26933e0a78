package web

import (
	"strings"

	"github.com/labstack/echo/v4"
)

// notThisReferral records the candidate a dismissal names as not the
// entry's referral ("not_referral"), a labelled pair for the thresholds page.
func (s *server) notThisReferral(c echo.Context, entryID int64) error {
	ref := strings.TrimSpace(c.FormValue("not_referral"))
	if ref == "" {
		return nil
	}
	return s.DB.AddDismissedCandidate(c.Request().Context(), entryID, ref, actor(c))
}
