package web

import (
	"errors"
	"fmt"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/store"
)

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
	r, err := s.DB.ReferralByID(c.Request().Context(), ref)
	if errors.Is(err, store.ErrNotFound) {
		return s.entryFormError(c, id, fmt.Sprintf("There is no referral %q; search for it and pick one from the list.", ref))
	} else if err != nil {
		return err
	}
	remember := c.FormValue("remember") == "on"
	if _, err := s.Reviewer.ApplyEntry(c.Request().Context(), id, ref, remember, actor(c)); err != nil {
		return s.entryFormError(c, id, "Not applied: "+plainError(err))
	}
	if err := s.DB.Audit(c.Request().Context(), actor(c), "entry.apply", fmt.Sprintf("entry %d", id), "referral "+ref); err != nil {
		return err
	}
	msg := fmt.Sprintf("Entry #%d applied to %s.", id, referralName(r))
	if remember {
		msg += " The link is remembered for later changes of this record."
	}
	return s.afterAction(c, id, msg, fmt.Sprintf("/entries/%d", id))
}
