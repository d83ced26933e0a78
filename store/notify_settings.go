package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// NotifySettings are the review digest's recipients and interval as an admin
// saved them in the UI; they override the environment's.
type NotifySettings struct {
	Recipients []string
	Every      time.Duration
	UpdatedAt  string
}

// NotifySettings returns the saved settings, or nil when none were saved.
func (db *DB) NotifySettings(ctx context.Context) (*NotifySettings, error) {
	var to, at string
	var secs int64
	err := db.R.QueryRowContext(ctx, `SELECT recipients, every_seconds, updated_at FROM notify_settings WHERE id = 1`).Scan(&to, &secs, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: notify settings: %w", err)
	}
	return &NotifySettings{Recipients: SplitRecipients(to), Every: time.Duration(secs) * time.Second, UpdatedAt: at}, nil
}

// SplitRecipients turns "a@x, b@y" (commas, semicolons, spaces or lines) into addresses.
func SplitRecipients(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' || r == '\t' })
}

// SaveNotifySettings checks and stores the digest's recipients and interval,
// audited as actor. It returns ErrInvalid, naming what to fix, for an address
// without "@", no recipients, or an interval outside 1 minute–24 hours.
func (db *DB) SaveNotifySettings(ctx context.Context, to []string, every time.Duration, actor string) error {
	if len(to) == 0 {
		return fmt.Errorf("store: notify settings: %w: give at least one recipient", ErrInvalid)
	}
	for _, a := range to {
		if !strings.Contains(a, "@") || strings.HasPrefix(a, "@") || strings.HasSuffix(a, "@") {
			return fmt.Errorf("store: notify settings: %w: %q is not an email address", ErrInvalid, a)
		}
	}
	if every < time.Minute || every > 24*time.Hour {
		return fmt.Errorf("store: notify settings: %w: the interval must be between 1 minute and 24 hours", ErrInvalid)
	}
	list := strings.Join(to, ", ")
	return db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO notify_settings (id, recipients, every_seconds, updated_at) VALUES (1, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET recipients = excluded.recipients, every_seconds = excluded.every_seconds, updated_at = excluded.updated_at`,
			list, int64(every/time.Second), db.Now())
		if err != nil {
			return fmt.Errorf("store: notify settings: %w", describeDiskError(err))
		}
		return db.AuditTx(ctx, tx, actor, "notify.save", "notifications", "to "+list+", every "+every.String())
	})
}

// DigestSentAt is when the last review digest of that stream went out ("" : never).
func (db *DB) DigestSentAt(ctx context.Context, stream string) (string, error) {
	var sent string
	err := db.R.QueryRowContext(ctx, `SELECT last_sent_at FROM hook_cursors WHERE name = ?`, stream).Scan(&sent)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: digest cursor %s: %w", stream, err)
	}
	return sent, nil
}
