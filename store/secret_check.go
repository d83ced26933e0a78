package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/refsync/refsync/config"
)

// SecretKeyProblem says whether REFSYNC_SECRET_KEY opens what refsync stored
// encrypted (the signing secrets of active webhooks, a rotated Salesforce
// refresh token): nil when it does, else an error wrapping
// config.ErrNoSecretKey (no key set) or config.ErrSecretUnreadable (another
// key) that counts what cannot be read and says what to do.
func (db *DB) SecretKeyProblem(ctx context.Context) error {
	rows, err := db.R.QueryContext(ctx, `SELECT 1, 'webhook:' || id, secret FROM webhooks WHERE active = 1 AND secret LIKE ?
		UNION ALL SELECT 0, name, sealed FROM sealed_secrets`, config.SealedPrefix+"%")
	if err != nil {
		return fmt.Errorf("store: read stored secrets: %w", err)
	}
	defer rows.Close()
	hooks, other := 0, 0
	var first error
	for rows.Next() {
		var hook bool
		var purpose, sealed string
		if err := rows.Scan(&hook, &purpose, &sealed); err != nil {
			return fmt.Errorf("store: read stored secrets: %w", err)
		}
		if _, err := db.box.Open(purpose, sealed); err != nil {
			if first == nil {
				first = err
			}
			if hook {
				hooks++
			} else {
				other++
			}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: read stored secrets: %w", err)
	}
	if first == nil {
		return nil
	}
	var parts []string
	if hooks > 0 {
		parts = append(parts, fmt.Sprintf("%d webhook signing secret(s)", hooks))
	}
	if other > 0 {
		parts = append(parts, "the rotated Salesforce refresh token")
	}
	what := strings.Join(parts, " and ")
	if errors.Is(first, config.ErrNoSecretKey) {
		return fmt.Errorf("%s were stored encrypted, but %w — set the key they were stored with; until then webhooks are not delivered and the rotated token cannot be used", what, first)
	}
	return fmt.Errorf("%s cannot be read: %w; until then webhooks are not delivered and the rotated token cannot be used", what, first)
}
