package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/store"
)

// currentProgram is the program the user's switcher chose (kept with the
// user, so it survives signing in again): the lists show only its entries and
// referrals; 0 means every program.
func (s *server) currentProgram(c echo.Context) int64 {
	if v, ok := c.Get("program").(int64); ok {
		return v
	}
	u := currentUser(c)
	if u == nil {
		return 0
	}
	ctx := c.Request().Context()
	id, err := s.DB.UserProgram(ctx, u.ID)
	if err != nil || id <= 0 {
		id = 0
	} else if p, err := s.DB.ProgramByID(ctx, id); err != nil || p.Archived() {
		id = 0
	}
	c.Set("program", id)
	return id
}

// settingsProgram is the program a create form starts on: the switcher's,
// the default one when it shows every program.
func (s *server) settingsProgram(c echo.Context) int64 {
	if id := s.currentProgram(c); id != 0 {
		return id
	}
	return store.DefaultProgram
}

// editedProgram is the program whose settings an admin edits: the one the
// request names ("program" in the query or form; the switcher then remembers
// it), else the switcher's, else the only program there is; 0 when the admin
// must pick one (several programs and the switcher on "All programs").
func (s *server) editedProgram(c echo.Context) int64 {
	ctx := c.Request().Context()
	if p, err := strconv.ParseInt(c.QueryParam("program"), 10, 64); err == nil && p > 0 {
		if prog, err := s.DB.ProgramByID(ctx, p); err == nil && !prog.Archived() {
			if u := currentUser(c); u != nil && s.currentProgram(c) != p {
				if err := s.DB.SetUserProgram(ctx, u.ID, p); err == nil {
					c.Set("program", p)
				}
			}
			return p
		}
	}
	if p, err := strconv.ParseInt(c.FormValue("program"), 10, 64); err == nil && p > 0 {
		if prog, err := s.DB.ProgramByID(ctx, p); err == nil && !prog.Archived() {
			return p
		}
	}
	if id := s.currentProgram(c); id != 0 {
		return id
	}
	if list, err := s.DB.ListPrograms(ctx, false); err == nil && len(list) == 1 {
		return list[0].ID
	}
	return 0
}

// pickedProgram is the program a settings page (replay, thresholds) works
// on, as editedProgram finds it, with its name; with several programs and
// none picked it answers with a redirect to Settings to pick one and
// returns 0 (the caller then returns err as it is): no page acts on the
// default program because the switcher shows "All programs".
func (s *server) pickedProgram(c echo.Context) (int64, string, error) {
	id := s.editedProgram(c)
	if id == 0 {
		return 0, "", s.redirectWithFlash(c, "/settings", "Pick the program first: its settings, replays and thresholds are its own.")
	}
	p, err := s.DB.ProgramByID(c.Request().Context(), id)
	if err != nil {
		return 0, "", err
	}
	return id, p.Name, nil
}

// formProgram is the program a create form names in its "program" field, else
// settingsProgram.
func (s *server) formProgram(c echo.Context) int64 {
	if p, err := strconv.ParseInt(c.FormValue("program"), 10, 64); err == nil && p > 0 {
		return p
	}
	return s.settingsProgram(c)
}

// programSwitch sets the user's program (remembered with the user) and goes back to the page.
func (s *server) programSwitch(c echo.Context) error {
	id, err := strconv.ParseInt(c.FormValue("program"), 10, 64)
	if err != nil || id < 0 {
		id = 0
	}
	if id != 0 {
		if _, err := s.DB.ProgramByID(c.Request().Context(), id); err != nil {
			return &userError{Code: http.StatusBadRequest, Msg: "That program does not exist (any more); pick one from the list.", err: err}
		}
	}
	if err := s.DB.SetUserProgram(c.Request().Context(), currentUser(c).ID, id); err != nil {
		return err
	}
	back := safeNext(c.FormValue("back"))
	if strings.HasPrefix(back, "/settings") { // the settings follow the switcher, not an old ?program=
		back = strings.SplitN(back, "?", 2)[0]
	}
	return c.Redirect(http.StatusSeeOther, back)
}

// programsView is the data of the programs page.
type programsView struct {
	Programs []*store.Program
	Off      map[int64]offProgram // the programs switched off, by id
	Error    string
	Name     string
}

// programsPage lists the programs (archived ones too) for admins.
func (s *server) programsPage(c echo.Context) error {
	return s.renderPrograms(c, http.StatusOK, "", "")
}

func (s *server) renderPrograms(c echo.Context, code int, msg, name string) error {
	list, err := s.DB.ListPrograms(c.Request().Context(), true)
	if err != nil {
		return err
	}
	off, err := s.offPrograms(c.Request().Context(), list)
	if err != nil {
		return err
	}
	return s.render(c, code, "programs", programsView{Programs: list, Off: off, Error: msg, Name: name})
}

// programAdd creates a program.
func (s *server) programAdd(c echo.Context) error {
	name := c.FormValue("name")
	p, err := s.DB.CreateProgram(c.Request().Context(), name, actor(c))
	if err != nil {
		return s.programFormError(c, err, name)
	}
	return s.redirectWithFlash(c, "/programs", fmt.Sprintf("Program %q added, switched off: it checks no Salesforce change until you save its settings and switch it on here.", p.Name))
}

// programEdit renames, archives or restores a program.
func (s *server) programEdit(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return echo.ErrNotFound
	}
	var ch store.ProgramChange
	switch c.FormValue("action") {
	case "rename":
		name := c.FormValue("name")
		ch.Name = &name
	case "archive", "restore":
		archive := c.FormValue("action") == "archive"
		ch.Archived = &archive
	case "on", "off":
		on := c.FormValue("action") == "on"
		ch.Watching = &on
	default:
		return &userError{Code: http.StatusBadRequest, Msg: "Pick rename, archive, restore, switch on or switch off."}
	}
	p, err := s.DB.UpdateProgram(c.Request().Context(), id, ch, actor(c))
	if err != nil {
		return s.programFormError(c, err, "")
	}
	msg := fmt.Sprintf("Program %q saved.", p.Name)
	switch c.FormValue("action") {
	case "on":
		msg = fmt.Sprintf("Program %q is on: from now on each new Salesforce change is checked against its rules (nothing from before).", p.Name)
	case "off":
		msg = fmt.Sprintf("Program %q is off: its rules check no Salesforce change until you switch it on again.", p.Name)
	}
	return s.redirectWithFlash(c, "/programs", msg)
}

func (s *server) programFormError(c echo.Context, err error, name string) error {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return echo.ErrNotFound
	case errors.Is(err, store.ErrInvalid), errors.Is(err, store.ErrConflict):
		return s.renderPrograms(c, http.StatusUnprocessableEntity, storeSentence(err), name)
	}
	return err
}

// storeSentence is a store error's message for people: the part after the sentinel.
func storeSentence(err error) string {
	msg := err.Error()
	for _, sentinel := range []error{store.ErrInvalid, store.ErrConflict, store.ErrNotFound} {
		if i := strings.LastIndex(msg, sentinel.Error()+": "); i >= 0 {
			msg = msg[i+len(sentinel.Error())+2:]
		}
	}
	return sentence(msg)
}

// programNames maps program ids to names for the pages' program column.
func programNames(ctx context.Context, db *store.DB) map[int64]string {
	out := map[int64]string{}
	list, err := db.ListPrograms(ctx, true)
	if err != nil {
		return out
	}
	for _, p := range list {
		out[p.ID] = p.Name
	}
	return out
}
