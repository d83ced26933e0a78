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

// programCookie remembers the program a user looks at (0 or none: every program).
const programCookie = "refsync_program"

// currentProgram is the program the switcher chose: the lists show only its
// entries and referrals; 0 means every program.
func (s *server) currentProgram(c echo.Context) int64 {
	ck, err := c.Cookie(programCookie)
	if err != nil {
		return 0
	}
	id, err := strconv.ParseInt(ck.Value, 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	if _, err := s.DB.ProgramByID(c.Request().Context(), id); err != nil {
		return 0
	}
	return id
}

// settingsProgram is the program whose settings the admin edits: the
// switcher's, the default one when it shows every program.
func (s *server) settingsProgram(c echo.Context) int64 {
	if id := s.currentProgram(c); id != 0 {
		return id
	}
	return store.DefaultProgram
}

// formProgram is the program a create form names in its "program" field, else
// settingsProgram.
func (s *server) formProgram(c echo.Context) int64 {
	if p, err := strconv.ParseInt(c.FormValue("program"), 10, 64); err == nil && p > 0 {
		return p
	}
	return s.settingsProgram(c)
}

// programSwitch sets the switcher's program and goes back to the page.
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
	c.SetCookie(&http.Cookie{Name: programCookie, Value: strconv.FormatInt(id, 10), Path: "/", HttpOnly: true,
		Secure: s.SecureCookie, SameSite: http.SameSiteLaxMode, MaxAge: 365 * 24 * 3600})
	return c.Redirect(http.StatusSeeOther, safeNext(c.FormValue("back")))
}

// programsView is the data of the programs page.
type programsView struct {
	Programs []*store.Program
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
	return s.render(c, code, "programs", programsView{Programs: list, Error: msg, Name: name})
}

// programAdd creates a program.
func (s *server) programAdd(c echo.Context) error {
	name := c.FormValue("name")
	p, err := s.DB.CreateProgram(c.Request().Context(), name, actor(c))
	if err != nil {
		return s.programFormError(c, err, name)
	}
	return s.redirectWithFlash(c, "/programs", fmt.Sprintf("Program %q added. It uses the default settings until you save its own: switch to it and open Settings.", p.Name))
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
	default:
		return &userError{Code: http.StatusBadRequest, Msg: "Pick rename, archive or restore."}
	}
	p, err := s.DB.UpdateProgram(c.Request().Context(), id, ch, actor(c))
	if err != nil {
		return s.programFormError(c, err, "")
	}
	return s.redirectWithFlash(c, "/programs", fmt.Sprintf("Program %q saved.", p.Name))
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
