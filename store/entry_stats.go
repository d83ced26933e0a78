package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// DayCount is the number of entries received on one day (UTC), by outcome.
type DayCount struct {
	Day      string         `json:"day"` // YYYY-MM-DD
	Outcomes map[string]int `json:"outcomes"`
}

// EntryStats is what the dashboard shows about entries.
type EntryStats struct {
	QueueSize       int           `json:"queue_size"`                  // entries in review
	OldestReviewAt  string        `json:"oldest_review_at,omitempty"`  // when the oldest entry in review arrived
	OldestReviewAge time.Duration `json:"oldest_review_age,omitempty"` // how long it has waited
	PerDay          []DayCount    `json:"per_day"`                     // the last 14 days, oldest first, every day present
	LastEntryAt     string        `json:"last_entry_at,omitempty"`     // when the newest entry arrived
}

// StatsDays is how many days EntryStats counts.
const StatsDays = 14

// EntryStats returns the review queue size and age, entries per day by
// outcome for the last StatsDays days, and when the last entry arrived.
func (db *DB) EntryStats(ctx context.Context) (EntryStats, error) {
	return db.ProgramEntryStats(ctx, 0)
}

// ProgramEntryStats is EntryStats of one program's entries (0: every program).
func (db *DB) ProgramEntryStats(ctx context.Context, programID int64) (EntryStats, error) {
	var st EntryStats
	and, args := "", []any{}
	if programID != 0 {
		and, args = " AND program_id = ?", []any{programID}
	}
	if err := db.R.QueryRowContext(ctx, `SELECT count(*) FROM entries WHERE outcome = 'review'`+and, args...).Scan(&st.QueueSize); err != nil {
		return st, fmt.Errorf("store: entry stats: %w", err)
	}
	err := db.R.QueryRowContext(ctx, `SELECT received_at FROM entries WHERE outcome = 'review'`+and+` ORDER BY id LIMIT 1`, args...).Scan(&st.OldestReviewAt)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return st, fmt.Errorf("store: entry stats: %w", err)
	}
	now := db.now().UTC()
	if t, perr := time.Parse(TimeFormat, st.OldestReviewAt); perr == nil {
		st.OldestReviewAge = now.Sub(t).Truncate(time.Second)
	}
	var last sql.NullString
	if err := db.R.QueryRowContext(ctx, `SELECT max(received_at) FROM entries WHERE 1`+and, args...).Scan(&last); err != nil {
		return st, fmt.Errorf("store: entry stats: %w", err)
	}
	st.LastEntryAt = last.String
	first := now.AddDate(0, 0, -(StatsDays - 1)).Truncate(24 * time.Hour)
	for i := range StatsDays {
		d := first.AddDate(0, 0, i).Format("2006-01-02")
		st.PerDay = append(st.PerDay, DayCount{Day: d, Outcomes: map[string]int{}})
	}
	for i := range st.PerDay {
		from := first.AddDate(0, 0, i)
		to := from.AddDate(0, 0, 1)
		for _, outcome := range entryOutcomes {
			var n int
			if err := db.R.QueryRowContext(ctx, `SELECT count(*) FROM entries WHERE outcome = ? AND received_at >= ? AND received_at < ?`+and,
				append([]any{outcome, from.Format(TimeFormat), to.Format(TimeFormat)}, args...)...).Scan(&n); err != nil {
				return st, fmt.Errorf("store: entry stats: %w", err)
			}
			if n > 0 {
				st.PerDay[i].Outcomes[outcome] = n
			}
		}
	}
	return st, nil
}

var entryOutcomes = []string{"processed", "review", "failed", "ignored", "dismissed"}
