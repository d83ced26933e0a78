package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/config"
)

// settingsSave validates the posted rules (and their field names against
// Salesforce) and stores them as a new version of the program the form names.
func (s *server) settingsSave(c echo.Context) error {
	ctx := c.Request().Context()
	r, v, err := s.settingsDraft(c)
	if r == nil {
		return err
	}
	body, err := r.JSON()
	if err != nil {
		return err
	}
	saved, err := s.DB.SaveSettings(ctx, v.Program, body, actor(c))
	if err != nil {
		return err
	}
	return s.redirectWithFlash(c, fmt.Sprintf("/settings?program=%d", v.Program),
		fmt.Sprintf("Settings of %s saved as version %d. The sync uses them from its next run.", v.ProgramName, saved))
}

// settingsDraft reads the settings form into rules as a save would store
// them, checked (the rules, then field names against Salesforce): the save
// and the preview share it. The form must name its program; there is no
// "all programs" draft. When the form cannot be used it answers with the
// settings page showing the problems (422) and returns nil rules: the caller
// then returns err as it is.
func (s *server) settingsDraft(c echo.Context) (*config.Rules, *settingsView, error) {
	ctx := c.Request().Context()
	form, err := c.FormParams()
	if err != nil {
		return nil, nil, &userError{Code: http.StatusBadRequest, Msg: "The form could not be read; reload the page and try again.", err: err}
	}
	if p, err := strconv.ParseInt(form.Get("program"), 10, 64); err != nil || p <= 0 {
		return nil, nil, &userError{Code: http.StatusBadRequest, Msg: "This form does not say which program's settings it saves, so nothing was saved; open Settings again, pick the program and save."}
	}
	v, err := s.newSettingsView(ctx)
	if err != nil {
		return nil, nil, err
	}
	if err := v.forProgram(ctx, s.DB, s.editedProgram(c)); err != nil {
		return nil, nil, err
	}
	cur, version, err := currentRules(ctx, s.DB, v.Program)
	if err != nil {
		return nil, nil, err
	}
	v.Version = version
	r, f, msgs := parseRulesForm(form)
	if !form.Has("push_referral_id_field") { // an older form without the push fields: they carry over
		object, onExisting := r.Push.Object, r.Push.OnExistingEmail
		r.Push = cur.Push
		r.Push.Object, r.Push.OnExistingEmail = object, onExisting
	}
	v.Form = f
	for _, o := range cur.Paused { // pausing is done on the dashboard; a paused object stays paused while watched
		if slices.Contains(r.Objects, o) {
			r.Paused = append(r.Paused, o)
		}
	}
	// Every kind of problem at once: what could not be read, what the rules
	// refuse and what Salesforce does not have, so one save shows them all.
	if err := r.ValidateEdit(); err != nil {
		msgs = append(msgs, besides(msgs, humanMessages(err))...)
	}
	if s.schema != nil {
		describe := func(object string) (*config.ObjectSchema, error) { return s.schema.Describe(ctx, object) }
		if err := r.ValidateSchema(s.schema.ObjectNames(ctx), describe); err != nil {
			msgs = append(msgs, besides(msgs, humanMessages(err))...)
		}
	}
	if len(msgs) > 0 {
		v.Errors = msgs
		return nil, v, s.render(c, http.StatusUnprocessableEntity, "settings", v)
	}
	return r, v, nil
}

// besides keeps the messages of more that are about a setting msgs do not
// already name: a value that could not be read is not also reported as
// out of range.
func besides(msgs, more []string) []string {
	named := map[string]bool{}
	for _, m := range msgs {
		label, _, _ := strings.Cut(m, ":")
		named[label] = true
		if strings.Contains(label, "threshold") || strings.Contains(label, "margin") {
			named["Thresholds"], named["Ambiguity margin"] = true, true
		}
	}
	var out []string
	for _, m := range more {
		label, _, _ := strings.Cut(m, ":")
		if !named[label] && !slices.Contains(msgs, m) && !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out
}
