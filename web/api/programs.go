package api

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/store"
)

// ProgramInput is the body of POST /programs (name required) and PATCH
// /programs/{id} (name and archived optional).
type ProgramInput struct {
	Name     *string `json:"name"`
	Archived *bool   `json:"archived"`
	Watching *bool   `json:"watching"` // switch the program on (needs saved settings) or off
}

func (s *server) listPrograms(w http.ResponseWriter, r *http.Request, _ *caller) error {
	all := r.URL.Query().Get("archived")
	ps, err := s.DB.ListPrograms(r.Context(), all == "1" || all == "true")
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list[*store.Program]{Items: ps})
	return nil
}

func (s *server) createProgram(w http.ResponseWriter, r *http.Request, c *caller) error {
	var in ProgramInput
	if err := decode(w, r, s.MaxBody, &in); err != nil {
		return err
	}
	if in.Name == nil || strings.TrimSpace(*in.Name) == "" {
		return errf(codeInvalid, "name", "a program needs a name, e.g. {\"name\": \"Partners\"}")
	}
	if in.Archived != nil && *in.Archived {
		return errf(codeInvalid, "archived", "a new program cannot start archived")
	}
	p, err := s.DB.CreateProgram(r.Context(), *in.Name, c.Actor())
	if err != nil {
		return withField(err, "name")
	}
	writeJSON(w, http.StatusCreated, p)
	return nil
}

func (s *server) getProgram(w http.ResponseWriter, r *http.Request, _ *caller) error {
	id, err := programID(r)
	if err != nil {
		return err
	}
	p, err := s.DB.ProgramByID(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *server) patchProgram(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := programID(r)
	if err != nil {
		return err
	}
	var in ProgramInput
	if err := decode(w, r, s.MaxBody, &in); err != nil {
		return err
	}
	p, err := s.DB.UpdateProgram(r.Context(), id, store.ProgramChange{Name: in.Name, Archived: in.Archived, Watching: in.Watching}, c.Actor())
	if err != nil {
		return withField(err, "name")
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// programID reads the {id} of a /programs path.
func programID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errf(codeNotFound, "", "there is no program %q; program ids are numbers (GET /api/v1/programs lists them)", r.PathValue("id"))
	}
	return id, nil
}

// withField names the field of an invalid-input or conflict error.
func withField(err error, field string) error {
	ae := asAPIError(err)
	if ae != nil && (ae.Code == codeInvalid || ae.Code == codeConflict) && ae.Field == "" {
		cp := *ae
		cp.Field = field
		return &cp
	}
	return err
}

// programParam reads the optional program (query "program_id" or a body's
// value): 0 means the default program. It must exist and, for additions, not
// be archived.
func (s *server) programParam(r *http.Request, fromBody int64, forAdding bool) (int64, error) {
	id := fromBody
	if q := r.URL.Query().Get("program_id"); q != "" && id == 0 {
		n, err := strconv.ParseInt(q, 10, 64)
		if err != nil || n <= 0 {
			return 0, errf(codeInvalid, "program_id", "program_id %q is not a program id (GET /api/v1/programs lists them)", q)
		}
		id = n
	}
	if id == 0 {
		return 0, nil
	}
	if forAdding {
		if _, err := s.DB.OpenProgram(r.Context(), id); err != nil {
			return 0, programErr(err, id)
		}
		return id, nil
	}
	if _, err := s.DB.ProgramByID(r.Context(), id); err != nil {
		return 0, programErr(err, id)
	}
	return id, nil
}

func programErr(err error, id int64) error {
	if errors.Is(err, store.ErrNotFound) {
		return errf(codeInvalid, "program_id", "program %d does not exist (GET /api/v1/programs lists them)", id)
	}
	return withField(err, "program_id")
}

// settingsVersionHeader carries the version of the settings answered.
const settingsVersionHeader = "Refsync-Settings-Version"

// getSettings answers a program's rules in force as JSON (the defaults,
// version 0, until some are saved); the version is in the ETag.
func (s *server) getSettings(w http.ResponseWriter, r *http.Request, _ *caller) error {
	id, err := programID(r)
	if err != nil {
		return err
	}
	if _, err := s.DB.ProgramByID(r.Context(), id); err != nil {
		return err
	}
	rules, version, err := s.programRules(r, id)
	if err != nil {
		return err
	}
	return writeRules(w, http.StatusOK, rules, version)
}

func (s *server) programRules(r *http.Request, id int64) (*config.Rules, int64, error) {
	body, version, err := s.DB.CurrentSettings(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return config.DefaultRules(), 0, nil
	}
	if err != nil {
		return nil, 0, err
	}
	rules, err := config.ParseRules(body)
	if err != nil {
		return nil, 0, fmt.Errorf("api: settings version %d of program %d: %w", version, id, err)
	}
	return rules, version, nil
}

func writeRules(w http.ResponseWriter, code int, rules *config.Rules, version int64) error {
	w.Header().Set("ETag", strconv.Quote(strconv.FormatInt(version, 10)))
	w.Header().Set(settingsVersionHeader, strconv.FormatInt(version, 10))
	writeJSON(w, code, rules)
	return nil
}

// putSettings validates a program's rules like the settings page does (the
// rules, then every object and field against Salesforce's describe when
// connected) and stores them as a new version. With If-Match, the save is
// refused when someone saved another version meanwhile.
func (s *server) putSettings(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := programID(r)
	if err != nil {
		return err
	}
	if _, err := s.DB.ProgramByID(r.Context(), id); err != nil {
		return err
	}
	body, err := readBody(w, r, s.MaxBody)
	if err != nil {
		return err
	}
	rules, err := config.ParseRules(body)
	if err != nil {
		return errf(codeInvalid, "", "%s", strings.TrimPrefix(err.Error(), "config: rules: "))
	}
	if err := s.checkRules(r, rules); err != nil {
		return err
	}
	_, current, err := s.programRules(r, id)
	if err != nil {
		return err
	}
	if m := strings.Trim(r.Header.Get("If-Match"), `" `); m != "" && m != "*" && m != strconv.FormatInt(current, 10) {
		return errf(codeConflict, "", "the settings are at version %d, not %s: someone saved meanwhile; GET them again and reapply your change", current, m)
	}
	out, err := rules.JSON()
	if err != nil {
		return err
	}
	version, err := s.DB.SaveSettings(r.Context(), id, out, c.Actor())
	if err != nil {
		return err
	}
	return writeRules(w, http.StatusOK, rules, version)
}

// checkRules is the settings page's validation: the rules themselves, then
// the objects and fields against describe when Salesforce is connected.
func (s *server) checkRules(r *http.Request, rules *config.Rules) error {
	err := rules.ValidateEdit()
	if err == nil && s.Describe != nil {
		var names []string
		if s.Objects != nil {
			if objs, oerr := s.Objects(r.Context()); oerr == nil {
				for _, o := range objs {
					names = append(names, o.Name)
				}
			}
		}
		err = rules.ValidateSchema(names, func(object string) (*config.ObjectSchema, error) { return s.Describe(r.Context(), object) })
	}
	if err == nil {
		return nil
	}
	var msgs []string
	for _, line := range strings.Split(err.Error(), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			msgs = append(msgs, line)
		}
	}
	return errf(codeInvalid, "", "the settings were not saved: %s", strings.Join(msgs, "; "))
}
