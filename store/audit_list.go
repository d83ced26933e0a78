package store

import (
	"context"
	"fmt"
	"strings"
)

// AuditRow is one line of the audit log.
type AuditRow struct {
	ID        int64  `json:"id"`
	Actor     string `json:"actor"`
	Action    string `json:"action"`
	Target    string `json:"target,omitempty"`
	Detail    string `json:"detail,omitempty"`
	CreatedAt string `json:"at"`
}

// AuditFilter selects audit rows for ListAudit.
type AuditFilter struct {
	Action string // exact action, or a prefix ending in "." (e.g. "settings.")
	Before int64  // rows with a smaller id only (the next page's cursor); 0 for the newest
	Limit  int    // default 50, at most 1000
}

// ListAudit returns one page of the audit log, newest first, and the cursor of
// the next (older) page, 0 on the last.
func (db *DB) ListAudit(ctx context.Context, f AuditFilter) ([]AuditRow, int64, error) {
	var where []string
	var args []any
	if f.Action != "" {
		if strings.HasSuffix(f.Action, ".") {
			where, args = append(where, "action LIKE ?"), append(args, f.Action+"%")
		} else {
			where, args = append(where, "action = ?"), append(args, f.Action)
		}
	}
	if f.Before > 0 {
		where, args = append(where, "id < ?"), append(args, f.Before)
	}
	q := `SELECT id, actor, action, target, detail, created_at FROM audit_log`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	limit := pageLimit(f.Limit)
	rows, err := db.R.QueryContext(ctx, q+" ORDER BY id DESC LIMIT ?", append(args, limit+1)...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list audit log: %w", err)
	}
	defer rows.Close()
	var out []AuditRow
	for rows.Next() {
		var a AuditRow
		if err := rows.Scan(&a.ID, &a.Actor, &a.Action, &a.Target, &a.Detail, &a.CreatedAt); err != nil {
			return nil, 0, fmt.Errorf("store: list audit log: %w", err)
		}
		out = append(out, a)
	}
	var next int64
	if len(out) > limit {
		out = out[:limit]
		next = out[limit-1].ID
	}
	return out, next, rows.Err()
}
