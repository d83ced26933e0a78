package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/connector/plain"
	"github.com/refsync/refsync/store"
)

// namedRecord is the existing Salesforce record a duplicate rule named when it refused a push.
type namedRecord struct{ Object, ID string }

// duplicateNamed is the record a failed push's error names, for the referral page's "link to it" button; nil when none.
func duplicateNamed(r *store.Referral) *namedRecord {
	if r == nil || r.SFState != store.SFFailed {
		return nil
	}
	if object, id, ok := plain.DuplicateNamed(r.SFError); ok {
		return &namedRecord{Object: object, ID: id}
	}
	return nil
}

func init() { funcs["dupNamed"] = duplicateNamed }

// referralLinkDuplicate links a referral whose push a duplicate rule refused to
// the existing record the rule named, as the "link" setting would have done,
// and records who did it in the audit log. Salesforce is not called.
func (s *server) referralLinkDuplicate(c echo.Context) error {
	ctx, id := c.Request().Context(), c.Param("id")
	back := "/referrals/" + url.PathEscape(id)
	r, err := s.DB.ReferralByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return &userError{Code: http.StatusNotFound, Msg: "That referral does not exist; find it in the referral list."}
	}
	if err != nil {
		return err
	}
	rec := duplicateNamed(r)
	if rec == nil || rec.ID != c.FormValue("record_id") {
		return s.redirectWithFlash(c, back, "Nothing was linked: this referral's push no longer waits on a duplicate record. Reload the page to see where it stands.")
	}
	if err := s.DB.LinkFailedPush(ctx, id, rec.Object, rec.ID, actor(c)); errors.Is(err, store.ErrNotFailed) {
		return s.redirectWithFlash(c, back, "Nothing was linked: this referral's push no longer waits on a duplicate record. Reload the page to see where it stands.")
	} else if err != nil {
		return err
	}
	return s.redirectWithFlash(c, back, fmt.Sprintf("%s is linked to the existing %s %s; nothing was changed in Salesforce, and its changes now count for this referral.", referralName(r), rec.Object, rec.ID))
}
