package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/refsync/refsync/config"
)

// SealedSecret returns the sealed text stored under name (made by
// config.SecretBox.Seal; the store never sees the secret itself), or "" when
// none is stored.
func (db *DB) SealedSecret(ctx context.Context, name string) (string, error) {
	var s string
	err := db.R.QueryRowContext(ctx, `SELECT sealed FROM sealed_secrets WHERE name = ?`, name).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: read sealed secret %s: %w", name, err)
	}
	return s, nil
}

// SetSealedSecret stores sealed text under name, replacing what was there. It
// refuses text that is not sealed, so a secret is never stored in plain text.
func (db *DB) SetSealedSecret(ctx context.Context, name, sealed string) error {
	if !config.IsSealed(sealed) {
		return fmt.Errorf("store: %s: %w: only sealed secrets are stored", name, ErrInvalid)
	}
	_, err := db.W.ExecContext(ctx, `INSERT INTO sealed_secrets (name, sealed, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at`, name, sealed, db.Now())
	if err != nil {
		return fmt.Errorf("store: store sealed secret %s: %w", name, describeDiskError(err))
	}
	return nil
}
