package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/matching"
)

// thresholdsView is the data of the thresholds page.
type thresholdsView struct {
	R       matching.ThresholdReport
	Current float64 // the automatic threshold in force
	Version int64
	// Program is the program whose reviews are counted, named on the page.
	Program     int64
	ProgramName string
}

// settingsThresholds shows precision and recall by automatic threshold on
// the program's reviewed entries (every manual apply and every dismissal
// naming a candidate is a label), what the threshold in force would have
// done, and the lowest threshold keeping precision ≥ 0.995. Nothing moves
// the threshold but a save of the settings (after a preview).
func (s *server) settingsThresholds(c echo.Context) error {
	ctx := c.Request().Context()
	program, name, err := s.pickedProgram(c)
	if program == 0 {
		return err
	}
	rules, version, err := currentRules(ctx, s.DB, program)
	if err != nil {
		return err
	}
	labels, err := s.DB.ReviewLabels(ctx, program)
	if err != nil {
		return err
	}
	v := &thresholdsView{R: matching.ReviewThresholds(labels, rules.Thresholds.Auto), Current: rules.Thresholds.Auto, Version: version,
		Program: program, ProgramName: name}
	return s.render(c, http.StatusOK, "thresholds", v)
}

// notThisReferral records the candidate a dismissal names as not the
// entry's referral ("not_referral"), a labelled pair for the thresholds page.
func (s *server) notThisReferral(c echo.Context, entryID int64) error {
	ref := strings.TrimSpace(c.FormValue("not_referral"))
	if ref == "" {
		return nil
	}
	return s.DB.AddDismissedCandidate(c.Request().Context(), entryID, ref, actor(c))
}
