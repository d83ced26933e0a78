package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/store"
)

// maxReportLines is how many bad lines the import page lists (all are counted).
const maxReportLines = 500

// importView is the data of the import page: the form and, after an upload, the report.
type importView struct {
	Kind                                       string
	Program                                    int64
	Columns                                    map[string][]string
	Done                                       bool
	Created, Already, Skipped, Bad, NewMembers int
	Lines                                      []string // "line N: why", as the command line prints them
	More                                       int      // bad lines not listed
	Notes                                      []string
	Error                                      string
	NewCodes                                   []string // the member codes that became new members
	Statuses                                   []string // sentences: lines imported with a status other than pending
}

// importPage shows the CSV import form.
func (s *server) importPage(c echo.Context) error {
	return s.render(c, http.StatusOK, "import", importView{Kind: "referrals", Program: s.settingsProgram(c), Columns: store.ImportColumns})
}

// importUpload imports an uploaded CSV of members or referrals the way
// `refsync import` does and shows the same line-by-line report.
func (s *server) importUpload(c echo.Context) error {
	v := importView{Kind: c.FormValue("kind"), Program: s.formProgram(c), Columns: store.ImportColumns}
	if _, ok := store.ImportColumns[v.Kind]; !ok {
		v.Error, v.Kind = "Pick what the file holds: members or referrals.", "referrals"
		return s.render(c, http.StatusUnprocessableEntity, "import", v)
	}
	ctx := c.Request().Context()
	if _, err := s.DB.OpenProgram(ctx, v.Program); err != nil {
		v.Error = storeSentence(err)
		return s.render(c, http.StatusUnprocessableEntity, "import", v)
	}
	fh, err := c.FormFile("file")
	if err != nil {
		v.Error = "Choose a CSV file to import."
		return s.render(c, http.StatusUnprocessableEntity, "import", v)
	}
	f, err := fh.Open()
	if err != nil {
		return fmt.Errorf("web: open the uploaded file: %w", err)
	}
	defer f.Close()
	imp := &store.CSVImport{DB: s.DB, Kind: v.Kind, Program: v.Program, Actor: actor(c),
		Reject: func(line int, why string) {
			if len(v.Lines) < maxReportLines {
				v.Lines = append(v.Lines, fmt.Sprintf("line %d: %s (skipped)", line, why))
			} else {
				v.More++
			}
		},
		Note: func(msg string) { v.Notes = append(v.Notes, msg) }}
	runErr := imp.Run(ctx, f)
	if n := imp.Latin1Note(); n != "" {
		v.Notes = append(v.Notes, n)
	}
	v.Done, v.Created, v.Already, v.Skipped, v.Bad, v.NewMembers = true, imp.Created, imp.Already, imp.Skipped, imp.Bad, imp.NewMembers
	v.NewCodes, v.Statuses = imp.NewMemberCodes, statusSentences(imp.StatusLines)
	code := http.StatusOK
	if runErr != nil {
		v.Error = fmt.Sprintf("The import stopped at line %d: %s. The %d lines before it are stored; fix the problem and import the file again — stored lines are not imported twice.",
			imp.Line, sentence(runErr.Error()), imp.Created)
		code = http.StatusUnprocessableEntity
	}
	return s.render(c, code, "import", v)
}

// statusSentences says which lines were imported with a status other than
// pending, from the file's status column: approved is final, so it must not
// pass without a word.
func statusSentences(lines map[string][]int) []string {
	var out []string
	for _, st := range []string{store.StatusQualified, store.StatusApproved, store.StatusDenied} {
		ls := lines[st]
		if len(ls) == 0 {
			continue
		}
		nums := make([]string, 0, min(len(ls), 10))
		for _, l := range ls[:min(len(ls), 10)] {
			nums = append(nums, strconv.Itoa(l))
		}
		more := ""
		if len(ls) > 10 {
			more = fmt.Sprintf(" and %d more", len(ls)-10)
		}
		msg := fmt.Sprintf("%s imported as %s, as the file's status column says (line %s%s).", plural(len(ls), "referral"), st, strings.Join(nums, ", "), more)
		if st == store.StatusApproved {
			msg += " Approved is final: the sync will not change them; if that was not meant, change their status by hand on each referral's page."
		}
		out = append(out, msg)
	}
	return out
}
