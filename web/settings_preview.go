package web

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/connector/plain"
)

// Previewer is the part of the receiver that previews a settings change on
// past entries and replays a saved version (*connector.Receiver satisfies it).
type Previewer interface {
	Preview(ctx context.Context, req plain.PreviewRequest) (*plain.Preview, error)
	PreviewVersion(ctx context.Context, version int64, since time.Time, sample int) (*plain.Preview, error)
	StartReplay(ctx context.Context, jobID int64)
}

// routesPreview adds the preview, replay and threshold pages under /settings.
func (s *server) routesPreview(g *echo.Group) {
	g.POST("/preview", s.settingsPreview)
	g.GET("/replay", s.settingsReplayPage)
	g.POST("/replay", s.settingsReplay)
	g.GET("/replay/:job", s.settingsReplayJob)
	g.GET("/thresholds", s.settingsThresholds)
}

// previewView is the data of the preview and replay pages.
type previewView struct {
	P       *plain.Preview
	Days    int
	Fields  []formField // the settings form as posted, carried to "Save these settings"
	Version int64       // the saved version a replay applies
}

// formField is one posted form value.
type formField struct{ Name, Value string }

func (s *server) previewer() (Previewer, error) {
	if pv, ok := s.Reviewer.(Previewer); ok {
		return pv, nil
	}
	return nil, &userError{Code: http.StatusServiceUnavailable, Msg: "Previews need the receiver, which does not run here; use refsync serve."}
}

// previewDays reads the number of days of past entries (default 30).
func previewDays(v string) (int, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 30, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 366 {
		return 0, &userError{Code: http.StatusUnprocessableEntity, Msg: "Days of past entries must be a whole number from 1 to 366."}
	}
	return n, nil
}

// settingsPreview runs the settings form, unsaved, over the program's past
// entries through the pipeline's dry run, and shows what would change.
func (s *server) settingsPreview(c echo.Context) error {
	ctx := c.Request().Context()
	pv, err := s.previewer()
	if err != nil {
		return err
	}
	days, err := previewDays(c.FormValue("preview_days"))
	if err != nil {
		return err
	}
	r, sv, err := s.settingsDraft(c)
	if r == nil {
		return err
	}
	form, _ := c.FormParams() // read once already by settingsDraft
	p, err := pv.Preview(ctx, plain.PreviewRequest{Program: sv.Program, Draft: r, Since: time.Now().AddDate(0, 0, -days)})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "preview", &previewView{P: p, Days: days, Fields: carried(form)})
}

// carried lists the posted settings form's values, but the token and the preview's own.
func carried(form url.Values) []formField {
	names := make([]string, 0, len(form))
	for k := range form {
		if k != "_csrf" && k != "preview_days" {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	var out []formField
	for _, k := range names {
		for _, v := range form[k] {
			out = append(out, formField{k, v})
		}
	}
	return out
}
