package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/config"
)

// settingsSave validates the posted rules (and their field names against
// Salesforce) and stores them as a new version.
func (s *server) settingsSave(c echo.Context) error {
	ctx := c.Request().Context()
	r, _, err := s.settingsDraft(c)
	if r == nil {
		return err
	}
	body, err := r.JSON()
	if err != nil {
		return err
	}
	saved, err := s.DB.SaveSettings(ctx, s.settingsProgram(c), body, actor(c))
	if err != nil {
		return err
	}
	return s.redirectWithFlash(c, "/settings", fmt.Sprintf("Settings saved as version %d. The sync uses them from its next run.", saved))
}

// settingsDraft reads the settings form into rules as a save would store
// them, checked (the rules, then field names against Salesforce): the save
// and the preview share it. When the form cannot be used it answers with the
// settings page showing the problems (422) and returns nil rules: the caller
// then returns err as it is.
func (s *server) settingsDraft(c echo.Context) (*config.Rules, url.Values, error) {
	ctx := c.Request().Context()
	form, err := c.FormParams()
	if err != nil {
		return nil, nil, &userError{Code: http.StatusBadRequest, Msg: "The form could not be read; reload the page and try again.", err: err}
	}
	v, err := s.newSettingsView(ctx)
	if err != nil {
		return nil, nil, err
	}
	cur, version, err := currentRules(ctx, s.DB, s.settingsProgram(c))
	if err != nil {
		return nil, nil, err
	}
	v.Version = version
	r, f, msgs := parseRulesForm(form)
	v.Form = f
	// The form edits where referrals go and the existing-email choice; the
	// other push settings (member and custom field targets) carry over.
	object, onExisting := r.Push.Object, r.Push.OnExistingEmail
	r.Push = cur.Push
	r.Push.Object, r.Push.OnExistingEmail = object, onExisting
	for _, o := range cur.Paused { // pausing is done on the dashboard; a paused object stays paused while watched
		if slices.Contains(r.Objects, o) {
			r.Paused = append(r.Paused, o)
		}
	}
	if len(msgs) == 0 {
		if err := r.ValidateEdit(); err != nil {
			msgs = humanMessages(err)
		}
	}
	if len(msgs) == 0 && s.schema != nil {
		describe := func(object string) (*config.ObjectSchema, error) { return s.schema.Describe(ctx, object) }
		if err := r.ValidateSchema(s.schema.ObjectNames(ctx), describe); err != nil {
			msgs = humanMessages(err)
		}
	}
	if len(msgs) > 0 {
		v.Errors = msgs
		return nil, form, s.render(c, http.StatusUnprocessableEntity, "settings", v)
	}
	return r, form, nil
}
