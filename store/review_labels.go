package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/refsync/refsync/matching"
)

// AddDismissedCandidate records a reviewer's "not this referral": the
// dismissed entry is not about referralID (a labelled pair for the thresholds).
func (db *DB) AddDismissedCandidate(ctx context.Context, entryID int64, referralID, actor string) error {
	_, err := db.W.ExecContext(ctx, `INSERT OR IGNORE INTO dismissed_candidates (entry_id, referral_id, actor, created_at)
		VALUES (?, ?, ?, ?)`, entryID, referralID, actor, db.Now())
	if err != nil {
		return fmt.Errorf("store: not-this-referral of entry %d: %w", entryID, describeDiskError(err))
	}
	return nil
}

// ReviewLabels returns the program's reviewed entries as labelled pairs:
// every entry a person applied (its referral is the truth; its best
// candidate, when another, is a wrong one) and every dismissal naming a
// candidate, with the candidates as scored when the entry was decided.
func (db *DB) ReviewLabels(ctx context.Context, programID int64) ([]matching.ReviewLabel, error) {
	rows, err := db.R.QueryContext(ctx, `SELECT e.id, e.candidates,
		CASE WHEN EXISTS (SELECT 1 FROM entry_history h WHERE h.entry_id = e.id AND h.action = 'apply') THEN e.referral_id ELSE '' END,
		(SELECT json_group_array(d.referral_id) FROM dismissed_candidates d WHERE d.entry_id = e.id)
		FROM entries e WHERE e.program_id = ? AND (e.id IN (SELECT entry_id FROM entry_history WHERE action = 'apply')
			OR e.id IN (SELECT entry_id FROM dismissed_candidates))
		ORDER BY e.id`, programID)
	if err != nil {
		return nil, fmt.Errorf("store: review labels: %w", err)
	}
	defer rows.Close()
	var out []matching.ReviewLabel
	for rows.Next() {
		var l matching.ReviewLabel
		var cands, not string
		if err := rows.Scan(&l.EntryID, &cands, &l.Truth, &not); err != nil {
			return nil, fmt.Errorf("store: review labels: %w", err)
		}
		if err := json.Unmarshal([]byte(cands), &l.Candidates); err != nil {
			return nil, fmt.Errorf("store: review labels: entry %d: %w", l.EntryID, err)
		}
		if err := json.Unmarshal([]byte(not), &l.Not); err != nil {
			return nil, fmt.Errorf("store: review labels: entry %d: %w", l.EntryID, err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}
