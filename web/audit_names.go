package web

import (
	"context"
	"regexp"
	"strconv"
	"strings"

	"github.com/refsync/refsync/store"
)

// idPattern finds the ids the log keeps ("ref_…", "mem_…", "program 3").
var idPattern = regexp.MustCompile(`\b(?:ref|mem)_[a-z0-9]+\b|\bprogram [0-9]+\b`)

// namer turns the ids in the log's text into names for people, reading each
// record once per page; an id it cannot resolve stays as it is.
type namer struct {
	ctx   context.Context
	db    *store.DB
	known map[string]string
}

// words replaces every id in text with the name of what it names.
func (n *namer) words(text string) string {
	return idPattern.ReplaceAllStringFunc(text, func(id string) string {
		if w, ok := n.known[id]; ok {
			return w
		}
		w := id
		switch {
		case strings.HasPrefix(id, "ref_"):
			if r, err := n.db.ReferralByID(n.ctx, id); err == nil {
				w = "referral " + referralName(r)
			}
		case strings.HasPrefix(id, "mem_"):
			if m, err := n.db.MemberByID(n.ctx, id); err == nil {
				w = "member " + formName(map[string]string{"first_name": m.FirstName, "last_name": m.LastName, "email": m.Email, "referral_code": m.ReferralCode}, id)
			}
		default:
			p, _ := strconv.ParseInt(strings.TrimPrefix(id, "program "), 10, 64)
			if prog, err := n.db.ProgramByID(n.ctx, p); err == nil {
				w = "program “" + prog.Name + "”"
			}
		}
		n.known[id] = w
		return w
	})
}

// named returns the rows with their targets and details in words; the
// codes stay in Raw for the title.
func (n *namer) named(rows []store.AuditRow) []auditRow {
	out := make([]auditRow, 0, len(rows))
	for _, r := range rows {
		out = append(out, auditRow{AuditRow: r, On: n.words(r.Target), About: n.words(r.Detail)})
	}
	return out
}

// auditRow is one line of the audit page: the row and its target and detail in words.
type auditRow struct {
	store.AuditRow
	On, About string
}
