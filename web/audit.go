package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/store"
)

// auditView is the data of the audit page.
type auditView struct {
	Rows   []auditRow
	Action string
	Next   string
}

// auditPage lists the audit log, newest first, a page at a time.
func (s *server) auditPage(c echo.Context) error {
	f := store.AuditFilter{Action: c.QueryParam("action"), Limit: 50}
	if b := c.QueryParam("before"); b != "" {
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n <= 0 {
			return &userError{Code: http.StatusBadRequest, Msg: "That page link is broken; go back to the first page of the audit log."}
		}
		f.Before = n
	}
	rows, next, err := s.DB.ListAudit(c.Request().Context(), f)
	if err != nil {
		return err
	}
	n := &namer{ctx: c.Request().Context(), db: s.DB, known: map[string]string{}}
	v := auditView{Rows: n.named(rows), Action: f.Action}
	if next > 0 {
		v.Next = "/settings/audit" + query("action", f.Action, "before", strconv.FormatInt(next, 10))
	}
	return s.render(c, http.StatusOK, "audit", v)
}
