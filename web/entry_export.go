package web

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/connector/plain"
	"github.com/refsync/refsync/matching"
)

// exportHeader are the columns of the entry log export.
var exportHeader = []string{"entry", "received_at", "object", "record_id", "outcome", "reason", "reason_words", "rule",
	"target_status", "method", "referral_id", "score", "attempts", "name", "email", "company", "note", "updated_at", "amount", "currency", "program",
	"reason_name", "score_band"}

// entryExport writes every entry matching the queue's filter as CSV (all
// pages, in the filter's order), for a spreadsheet.
func (s *server) entryExport(c echo.Context) error {
	ctx := c.Request().Context()
	f, err := parseEntryFilter(c.QueryParams(), time.Now())
	if err != nil {
		return err
	}
	f.After, f.Before, f.Limit = "", "", 1000
	h := c.Response().Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="refsync-entries-%s.csv"`, time.Now().UTC().Format("2006-01-02")))
	h.Set("Cache-Control", "no-store")
	c.Response().WriteHeader(http.StatusOK)
	names := programNames(ctx, s.DB)
	w := csv.NewWriter(c.Response())
	if err := w.Write(exportHeader); err != nil {
		return fmt.Errorf("web: export entries: %w", err)
	}
	for {
		page, next, err := s.DB.ListEntries(ctx, f)
		if err != nil {
			return fmt.Errorf("web: export entries: %w", err) // the answer is cut short; the log says why
		}
		for _, e := range page {
			if err := w.Write(exportRow(e, names)); err != nil {
				return fmt.Errorf("web: export entries: %w", err)
			}
		}
		w.Flush()
		if next == "" || w.Error() != nil {
			return w.Error()
		}
		f.After = next
	}
}

// exportRow is one entry as a CSV row; names are the programs' names by id.
func exportRow(e *matching.Entry, names map[int64]string) []string {
	who := whoOf(e.Snapshot)
	score := ""
	if e.Score > 0 {
		score = strconv.FormatFloat(e.Score, 'f', 3, 64)
	}
	reason := ""
	if e.Reason != "" {
		reason = matching.ReasonName(e.Reason)
	}
	row := []string{strconv.FormatInt(e.ID, 10), e.ReceivedAt, e.Object, e.RecordID, string(e.Outcome), e.Reason,
		matching.ReasonWords(e.Reason), e.Rule, e.TargetStatus, string(e.Method), e.ReferralID, score, strconv.Itoa(e.Attempts),
		who.Name, who.Email, who.Company, e.Note, e.UpdatedAt, plain.FieldText(e.Snapshot, "Amount"), plain.FieldText(e.Snapshot, "CurrencyIsoCode"),
		names[e.ProgramID], reason, bestBand(e)}
	for i, v := range row {
		row[i] = safeCell(v)
	}
	return row
}

// safeCell keeps a spreadsheet from reading a value as a formula.
func safeCell(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}
