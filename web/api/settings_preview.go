package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/plain"
	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// Previewer is the part of the receiver that previews a settings change on
// past entries and replays a saved version (*connector.Receiver satisfies it).
type Previewer interface {
	Preview(ctx context.Context, req plain.PreviewRequest) (*plain.Preview, error)
	PreviewVersion(ctx context.Context, version int64, since time.Time, sample int) (*plain.Preview, error)
	StartReplay(ctx context.Context, jobID int64)
}

// PreviewInput asks what draft settings would have done to the entries of the last Days days.
type PreviewInput struct {
	Settings *config.Rules `json:"settings"`
	Days     int           `json:"days,omitempty"`   // 1–366; default 30
	Sample   int           `json:"sample,omitempty"` // changed entries shown in full; default 20
}

// ReplayInput asks to apply a saved settings version to past entries: the
// ones listed, or (none listed) every one its preview over Days shows changing.
type ReplayInput struct {
	Version int64   `json:"version"`
	Entries []int64 `json:"entries,omitempty"`
	Days    int     `json:"days,omitempty"`
}

func (s *server) previewer() (Previewer, error) {
	if pv, ok := s.Receiver.(Previewer); ok && s.Receiver != nil {
		return pv, nil
	}
	return nil, errf(codeUnavailable, "", "the receiver is not running here; preview and replay need `refsync serve`")
}

// since turns a number of days into the start of the period (default 30).
func since(days int) (time.Time, error) {
	if days == 0 {
		days = 30
	}
	if days < 1 || days > 366 {
		return time.Time{}, errf(codeInvalid, "days", "days must be between 1 and 366, not %d", days)
	}
	return time.Now().AddDate(0, 0, -days), nil
}

// previewSettings runs draft settings over the program's past entries
// through the pipeline's dry run; nothing is saved or changed.
func (s *server) previewSettings(w http.ResponseWriter, r *http.Request, _ *caller) error {
	id, err := programID(r)
	if err != nil {
		return err
	}
	if _, err := s.DB.ProgramByID(r.Context(), id); err != nil {
		return err
	}
	pv, err := s.previewer()
	if err != nil {
		return err
	}
	var in PreviewInput
	if err := decode(w, r, s.MaxBody, &in); err != nil {
		return err
	}
	if in.Settings == nil {
		return errf(codeInvalid, "settings", "send the draft rules as \"settings\" (the body of GET /programs/%d/settings, changed)", id)
	}
	if err := s.checkRules(r, in.Settings); err != nil {
		return withField(err, "settings")
	}
	from, err := since(in.Days)
	if err != nil {
		return err
	}
	p, err := pv.Preview(r.Context(), plain.PreviewRequest{Program: id, Draft: in.Settings, Since: from, Sample: in.Sample})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// replaySettings queues a replay of a saved version of the program's
// settings and starts it; the answer is the job (GET /replays/{id} follows it).
func (s *server) replaySettings(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := programID(r)
	if err != nil {
		return err
	}
	pv, err := s.previewer()
	if err != nil {
		return err
	}
	var in ReplayInput
	if err := decode(w, r, s.MaxBody, &in); err != nil {
		return err
	}
	program, _, err := s.DB.SettingsVersion(r.Context(), in.Version)
	if err != nil || program != id {
		return errf(codeInvalid, "version", "program %d has no settings version %d; GET /programs/%d/settings names the one in force", id, in.Version, id)
	}
	if len(in.Entries) == 0 {
		from, err := since(in.Days)
		if err != nil {
			return err
		}
		p, err := pv.PreviewVersion(r.Context(), in.Version, from, 1)
		if err != nil {
			return err
		}
		in.Entries = p.Entries
	}
	job, err := s.DB.CreateReplayJob(r.Context(), in.Version, in.Entries, c.Actor())
	if err != nil {
		return withField(err, "entries")
	}
	if job.State == "pending" {
		pv.StartReplay(r.Context(), job.ID)
	}
	writeJSON(w, http.StatusAccepted, job)
	return nil
}

// getReplay answers a replay job with its progress.
func (s *server) getReplay(w http.ResponseWriter, r *http.Request, _ *caller) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errf(codeNotFound, "", "there is no replay job %q; job ids are numbers", r.PathValue("id"))
	}
	job, err := s.DB.ReplayJob(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, job)
	return nil
}

// getThresholds answers precision and recall by automatic threshold on the
// program's reviewed entries, at the threshold in force and the lowest that
// keeps precision ≥ 0.995.
func (s *server) getThresholds(w http.ResponseWriter, r *http.Request, _ *caller) error {
	id, err := programID(r)
	if err != nil {
		return err
	}
	rules, _, err := s.programRules(r, id)
	if err != nil {
		return err
	}
	labels, err := s.DB.ReviewLabels(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, matching.ReviewThresholds(labels, rules.Thresholds.Auto))
	return nil
}

// routesPreview registers the preview, replay and threshold endpoints.
func (s *server) routesPreview() {
	a := store.RoleAdmin
	s.handle("POST /programs/{id}/settings/preview", a, s.previewSettings)
	s.handle("POST /programs/{id}/settings/replay", a, s.replaySettings)
	s.handle("GET /replays/{id}", a, s.getReplay)
	s.handle("GET /programs/{id}/settings/thresholds", a, s.getThresholds)
}
