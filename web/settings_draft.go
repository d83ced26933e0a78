package web

import (
	"context"
	"net/url"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/config"
)

// settingsDraft reads the settings form into rules as a save would store
// them, checked (the rules, then field names against Salesforce): the save
// and the preview share it. msgs are the problems to show; v is the settings
// page's data with the form as posted, to render it again.
func (s *server) settingsDraft(ctx context.Context, c echo.Context, form url.Values) (r *config.Rules, v *settingsView, msgs []string, err error) {
	if v, err = s.newSettingsView(ctx); err != nil {
		return nil, nil, nil, err
	}
	cur, version, err := currentRules(ctx, s.DB, s.settingsProgram(c))
	if err != nil {
		return nil, nil, nil, err
	}
	v.Version = version
	r, v.Form, msgs = parseRulesForm(form)
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
		if err := r.Validate(); err != nil {
			msgs = humanMessages(err)
		}
	}
	if len(msgs) == 0 && s.schema != nil {
		describe := func(object string) (*config.ObjectSchema, error) { return s.schema.Describe(ctx, object) }
		if err := r.ValidateSchema(s.schema.ObjectNames(ctx), describe); err != nil {
			msgs = humanMessages(err)
		}
	}
	return r, v, msgs, nil
}
