package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/store"
)

// settingsView is the data of the settings page.
type settingsView struct {
	Conn       store.Connection
	Version    int64 // 0: the defaults apply
	Form       rulesForm
	Errors     []string
	Operators  []string
	Statuses   []string
	Kinds      map[string][]string
	Webhooks   []*store.Webhook
	HookEvents []string
	Hook       webhookForm
	Checked    bool             // field names were checked against Salesforce
	Objects    []string         // the watched objects in force, for the re-scan
	Choices    *settingsChoices // searchable lists from describe; nil without Salesforce
	// Program is the program whose settings the form edits, named in the
	// heading and on the save button; 0: the admin picks one from Pick first.
	Program     int64
	ProgramName string
	Pick        []*store.Program
	// Trying says the auto threshold in the form was filled in from the
	// thresholds page, not saved yet (the page says so beside the field);
	// TryProblem says why a threshold in the link was not filled in.
	Trying     bool
	TryProblem string
}

// forProgram names the edited program, or lists the programs to pick from.
func (v *settingsView) forProgram(ctx context.Context, db *store.DB, id int64) error {
	v.Program = id
	if id == 0 {
		var err error
		v.Pick, err = db.ListPrograms(ctx, false)
		return err
	}
	p, err := db.ProgramByID(ctx, id)
	if err != nil {
		return err
	}
	v.ProgramName = p.Name
	return nil
}

// currentRules returns a program's rules in force and their version (0 for the defaults).
func currentRules(ctx context.Context, db *store.DB, program int64) (*config.Rules, int64, error) {
	body, version, err := db.CurrentSettings(ctx, program)
	if errors.Is(err, store.ErrNotFound) {
		return config.DefaultRules(), 0, nil
	}
	if err != nil {
		return nil, 0, err
	}
	r, err := config.ParseRules(body)
	if err != nil {
		return nil, 0, fmt.Errorf("web: settings version %d: %w", version, err)
	}
	return r, version, nil
}

// newSettingsView loads everything but the form.
func (s *server) newSettingsView(ctx context.Context) (*settingsView, error) {
	v := &settingsView{Operators: []string{config.OpEquals, config.OpNotEquals, config.OpContains, config.OpIn, config.OpIsTrue},
		Statuses:   []string{store.StatusPending, store.StatusQualified, store.StatusApproved, store.StatusDenied},
		Kinds:      map[string][]string{"direct": config.DirectKinds, "member": config.MemberKinds, "fuzzy": config.FuzzyKinds},
		HookEvents: hookEvents, Checked: s.schema != nil}
	var err error
	if v.Conn, err = s.DB.ConnectionState(ctx); err != nil {
		return nil, err
	}
	if v.Webhooks, err = s.DB.ListWebhooks(ctx); err != nil {
		return nil, err
	}
	r, _, err := currentRules(ctx, s.DB, store.DefaultProgram) // polling (and its re-scan) is the default program's
	if err != nil {
		return nil, err
	}
	v.Objects = r.Objects
	lists := append([]string(nil), r.Objects...) // the push section's pickers need the objects it writes to
	for _, o := range []string{"Lead", "Contact", "Opportunity", "Account"} {
		if !slices.Contains(lists, o) {
			lists = append(lists, o)
		}
	}
	v.Choices = s.loadChoices(ctx, lists)
	return v, nil
}

// settingsPage shows a program's settings in force (with several programs and
// none chosen, it asks which program's first).
func (s *server) settingsPage(c echo.Context) error {
	ctx := c.Request().Context()
	v, err := s.newSettingsView(ctx)
	if err != nil {
		return err
	}
	if err := v.forProgram(ctx, s.DB, s.editedProgram(c)); err != nil || v.Program == 0 {
		if err != nil {
			return err
		}
		return s.render(c, http.StatusOK, "settings", v)
	}
	r, version, err := currentRules(ctx, s.DB, v.Program)
	if err != nil {
		return err
	}
	v.Form, v.Version = formFromRules(r), version
	if q := c.QueryParam("auto"); q != "" { // "try this threshold" from the thresholds page: filled in, not saved
		if t, msgs := parsePct(q, "Auto threshold", nil); len(msgs) > 0 || t <= r.Thresholds.Review {
			v.TryProblem = fmt.Sprintf("The auto threshold %q from the link was not filled in: give a percentage above the review threshold (%s %%).", q, fmtPct(r.Thresholds.Review))
		} else {
			v.Form.Auto, v.Trying = fmtPct(t), true
		}
	}
	return s.render(c, http.StatusOK, "settings", v)
}
