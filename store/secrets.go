package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/refsync/refsync/config"
)

// UseSecretBox sets the box (keyed by REFSYNC_SECRET_KEY) that seals the
// secrets the store keeps: webhook signing secrets. With a key, secrets left in
// plain text (by an older version, or written while no key was set) are
// sealed now; it returns how many. Without a key secrets are stored as given.
func (db *DB) UseSecretBox(ctx context.Context, box *config.SecretBox) (int, error) {
	db.box = box
	if !box.HasKey() {
		return 0, nil
	}
	n := 0
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, secret FROM webhooks WHERE secret NOT LIKE ?`, config.SealedPrefix+"%")
		if err != nil {
			return fmt.Errorf("store: read webhook secrets: %w", err)
		}
		plain := map[int64]string{}
		for rows.Next() {
			var id int64
			var s string
			if err := rows.Scan(&id, &s); err != nil {
				rows.Close()
				return fmt.Errorf("store: read webhook secrets: %w", err)
			}
			plain[id] = s
		}
		rows.Close()
		for id, s := range plain {
			sealed, err := db.sealWebhookSecret(id, s)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE webhooks SET secret = ? WHERE id = ?`, sealed, id); err != nil {
				return fmt.Errorf("store: seal webhook %d's secret: %w", id, describeDiskError(err))
			}
			n++
		}
		return nil
	})
	return n, err
}

// webhookPurpose binds a sealed secret to its webhook row.
func webhookPurpose(id int64) string { return "webhook:" + strconv.FormatInt(id, 10) }

// sealWebhookSecret seals a signing secret for webhook id (plain without a key).
func (db *DB) sealWebhookSecret(id int64, secret string) (string, error) {
	if !db.box.HasKey() {
		return secret, nil
	}
	s, err := db.box.Seal(webhookPurpose(id), []byte(secret))
	if err != nil {
		return "", fmt.Errorf("store: seal webhook %d's secret: %w", id, err)
	}
	return s, nil
}

// openWebhookSecret fills w.Secret from what is stored, or w.SecretErr when a
// sealed secret cannot be opened (no key, or another key).
func (db *DB) openWebhookSecret(w *Webhook, stored string) {
	if !config.IsSealed(stored) {
		w.Secret = stored
		return
	}
	plain, err := db.box.Open(webhookPurpose(w.ID), stored)
	if err != nil {
		if errors.Is(err, config.ErrNoSecretKey) {
			err = fmt.Errorf("it was stored encrypted and %w", config.ErrNoSecretKey)
		}
		w.SecretErr = err
		return
	}
	w.Secret = string(plain)
}
