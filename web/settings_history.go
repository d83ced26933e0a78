package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/store"
)

// versionRow is one saved version with what it changed against the one before.
type versionRow struct {
	store.SettingsVersion
	Changes []change
	Current bool
}

// historyView is the data of the settings history and of one version's page.
type historyView struct {
	Versions []versionRow // the list (history page)
	Version  *versionRow  // one version (version page): its changes are against the current settings
	Body     string       // that version's settings as stored
	Current  int64
	Program  *store.Program // whose settings these are
}

// historyProgram is the program whose history is shown (nil: several
// programs and none chosen; the caller sends the admin to pick one).
func (s *server) historyProgram(c echo.Context) (*store.Program, error) {
	id := s.editedProgram(c)
	if id == 0 {
		return nil, nil
	}
	return s.DB.ProgramByID(c.Request().Context(), id)
}

// settingsHistory lists the saved versions, newest first, each with what it changed.
func (s *server) settingsHistory(c echo.Context) error {
	ctx := c.Request().Context()
	prog, err := s.historyProgram(c)
	if err != nil || prog == nil {
		if err != nil {
			return err
		}
		return s.redirectWithFlash(c, "/settings", "Pick the program whose settings history you want to see.")
	}
	list, err := s.DB.SettingsVersions(ctx, prog.ID, 30)
	if err != nil {
		return err
	}
	v := historyView{Program: prog}
	for i, sv := range list {
		full, err := s.DB.SettingsAt(ctx, prog.ID, sv.Version)
		if err != nil {
			return err
		}
		var before []byte
		if prev, err := s.DB.PreviousSettings(ctx, prog.ID, sv.Version); err == nil {
			before = prev.Body
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		} else if before, err = config.DefaultRules().JSON(); err != nil {
			return err
		}
		row := versionRow{SettingsVersion: sv, Current: i == 0}
		if row.Changes, err = diffRules(before, full.Body); err != nil {
			return err
		}
		v.Versions = append(v.Versions, row)
	}
	if len(list) > 0 {
		v.Current = list[0].Version
	}
	return s.render(c, http.StatusOK, "history", v)
}

func settingsVersionParam(c echo.Context) (int64, error) {
	n, err := strconv.ParseInt(c.Param("version"), 10, 64)
	if err != nil || n <= 0 {
		return 0, &userError{Code: http.StatusNotFound, Msg: fmt.Sprintf("%q is not a settings version.", c.Param("version"))}
	}
	return n, nil
}

// settingsVersion shows one saved version: as stored, and how it differs from the settings in force.
func (s *server) settingsVersion(c echo.Context) error {
	ctx := c.Request().Context()
	n, err := settingsVersionParam(c)
	if err != nil {
		return err
	}
	prog, err := s.historyProgram(c)
	if err != nil || prog == nil {
		if err != nil {
			return err
		}
		return s.redirectWithFlash(c, "/settings", "Pick the program whose settings history you want to see.")
	}
	sv, err := s.DB.SettingsAt(ctx, prog.ID, n)
	if err != nil {
		return err
	}
	cur, curVersion, err := currentRules(ctx, s.DB, prog.ID)
	if err != nil {
		return err
	}
	curBody, err := cur.JSON()
	if err != nil {
		return err
	}
	row := versionRow{SettingsVersion: sv, Current: n == curVersion}
	if row.Changes, err = diffRules(curBody, sv.Body); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "history", historyView{Version: &row, Body: string(sv.Body), Current: curVersion, Program: prog})
}

// settingsRollback puts a saved version back in force as a new version, after checking it as a save would.
func (s *server) settingsRollback(c echo.Context) error {
	ctx := c.Request().Context()
	n, err := settingsVersionParam(c)
	if err != nil {
		return err
	}
	prog, err := s.historyProgram(c)
	if err != nil || prog == nil {
		if err != nil {
			return err
		}
		return &userError{Code: http.StatusBadRequest, Msg: "This form does not say which program's settings to roll back, so nothing changed; open the settings history again from Settings."}
	}
	sv, err := s.DB.SettingsAt(ctx, prog.ID, n)
	if err != nil {
		return err
	}
	r, err := config.ParseRules(sv.Body)
	if err == nil {
		err = r.Validate()
	}
	if err == nil && s.schema != nil {
		err = r.ValidateSchema(s.schema.ObjectNames(ctx), func(o string) (*config.ObjectSchema, error) { return s.schema.Describe(ctx, o) })
	}
	if err != nil {
		msg := fmt.Sprintf("Version %d was not put back: it no longer fits. ", n)
		for _, m := range humanMessages(err) {
			msg += m + " "
		}
		return s.redirectWithFlash(c, fmt.Sprintf("/settings/history/%d?program=%d", n, prog.ID), msg)
	}
	saved, err := s.DB.SaveSettings(ctx, prog.ID, sv.Body, actor(c))
	if err != nil {
		return err
	}
	if err := s.DB.Audit(ctx, actor(c), "settings.rollback", fmt.Sprintf("version %d", saved), fmt.Sprintf("back to version %d", n)); err != nil {
		return err
	}
	return s.redirectWithFlash(c, fmt.Sprintf("/settings/history?program=%d", prog.ID),
		fmt.Sprintf("Version %d of %s's settings is in force again, saved as version %d. The sync uses it from its next run.", n, prog.Name, saved))
}
