package store

import (
	"context"
	"fmt"
)

// SetRuleProblems replaces the status change rules that can no longer fire
// (one sentence each, naming the program, the rule and the field's values now).
func (db *DB) SetRuleProblems(ctx context.Context, problems []string) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		if _, err := db.exec(ctx, `DELETE FROM rule_problems`); err != nil {
			return fmt.Errorf("store: set rule problems: %w", err)
		}
		for _, p := range problems {
			if _, err := db.exec(ctx, `INSERT INTO rule_problems (words, found_at) VALUES (?, ?)`, p, db.Now()); err != nil {
				return fmt.Errorf("store: set rule problems: %w", describeDiskError(err))
			}
		}
		return nil
	})
}

// RuleProblems lists the rules that can no longer fire, as the last check found them.
func (db *DB) RuleProblems(ctx context.Context) ([]string, error) {
	rows, err := db.R.QueryContext(ctx, `SELECT words FROM rule_problems ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: rule problems: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var w string
		if err := rows.Scan(&w); err != nil {
			return nil, fmt.Errorf("store: rule problems: %w", err)
		}
		out = append(out, w)
	}
	return out, rows.Err()
}
