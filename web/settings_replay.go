package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/store"
)

// replayView is the data of the replay page: what applying a saved version
// to past entries would change, and the program's replay jobs.
type replayView struct {
	previewView
	Jobs []*store.ReplayJob
	Job  *store.ReplayJob // the job page's job
	// Program is the program whose saved versions are replayed, named on the page.
	Program     int64
	ProgramName string
}

// settingsReplayPage previews the saved version (?version=, default the one
// in force) against the version before it, on the entries of the last
// ?days=, with the changed entries to tick for a replay.
func (s *server) settingsReplayPage(c echo.Context) error {
	ctx := c.Request().Context()
	program, name, err := s.pickedProgram(c)
	if program == 0 {
		return err
	}
	pv, err := s.previewer()
	if err != nil {
		return err
	}
	days, err := previewDays(c.QueryParam("days"))
	if err != nil {
		return err
	}
	v := &replayView{previewView: previewView{Days: days}, Program: program, ProgramName: name}
	if v.Jobs, err = s.DB.ListReplayJobs(ctx, program, 10); err != nil {
		return err
	}
	if v.Version, err = s.replayVersion(c, program, c.QueryParam("version")); err != nil || v.Version == 0 {
		if err == nil {
			return s.render(c, http.StatusOK, "replay", v) // nothing saved yet: nothing to replay
		}
		return err
	}
	if v.P, err = pv.PreviewVersion(ctx, v.Version, time.Now().AddDate(0, 0, -days), 200); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "replay", v)
}

// replayVersion reads a version of the program's settings ("" : the one in force; 0 when none was saved).
func (s *server) replayVersion(c echo.Context, program int64, raw string) (int64, error) {
	if raw == "" {
		_, version, err := currentRules(c.Request().Context(), s.DB, program)
		return version, err
	}
	version, err := strconv.ParseInt(raw, 10, 64)
	if err == nil {
		var p int64
		if p, _, err = s.DB.SettingsVersion(c.Request().Context(), version); err == nil && p != program {
			err = store.ErrNotFound
		}
	}
	if err != nil {
		return 0, &userError{Code: http.StatusNotFound, Msg: fmt.Sprintf("This program has no settings version %q; the settings history lists them.", raw), err: err}
	}
	return version, nil
}

// settingsReplay queues the replay of a saved version on every changed entry
// (all) or the ticked ones, starts it, and shows its progress.
func (s *server) settingsReplay(c echo.Context) error {
	ctx := c.Request().Context()
	program, _, err := s.pickedProgram(c)
	if program == 0 {
		return err
	}
	pv, err := s.previewer()
	if err != nil {
		return err
	}
	version, err := s.replayVersion(c, program, c.FormValue("version"))
	if err != nil {
		return err
	}
	form, _ := c.FormParams()
	var ids []int64
	if c.FormValue("which") == "ticked" {
		for _, raw := range form["entry"] {
			if id, err := strconv.ParseInt(raw, 10, 64); err == nil {
				ids = append(ids, id)
			}
		}
		if len(ids) == 0 {
			return s.redirectWithFlash(c, fmt.Sprintf("/settings/replay?version=%d&program=%d", version, program), "Nothing was replayed: tick the entries to replay, or choose all of them.")
		}
	} else {
		days, err := previewDays(c.FormValue("days"))
		if err != nil {
			return err
		}
		p, err := pv.PreviewVersion(ctx, version, time.Now().AddDate(0, 0, -days), 1)
		if err != nil {
			return err
		}
		ids = p.Entries
	}
	job, err := s.DB.CreateReplayJob(ctx, version, ids, actor(c))
	if errors.Is(err, store.ErrInvalid) {
		return &userError{Code: http.StatusUnprocessableEntity, Msg: "Some ticked entries belong to another program; preview again and tick this program's entries.", err: err}
	}
	if err != nil {
		return err
	}
	if job.State == "pending" {
		pv.StartReplay(ctx, job.ID)
	}
	return s.redirectWithFlash(c, fmt.Sprintf("/settings/replay/%d", job.ID),
		fmt.Sprintf("Replay of settings version %d started on %s.", version, plural(job.Total, "entry")))
}

// settingsReplayJob shows a replay job's progress (the page reloads itself while it runs).
func (s *server) settingsReplayJob(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("job"), 10, 64)
	if err != nil {
		return &userError{Code: http.StatusNotFound, Msg: "There is no such replay job.", err: err}
	}
	job, err := s.DB.ReplayJob(c.Request().Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return &userError{Code: http.StatusNotFound, Msg: "There is no such replay job.", err: err}
	}
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "replay", &replayView{previewView: previewView{Version: job.Version}, Job: job})
}
