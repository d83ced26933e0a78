package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// SaveSettings stores a new version of a program's settings (JSON of
// config.Rules) and an audit row, returning the new version number.
func (db *DB) SaveSettings(ctx context.Context, programID int64, body []byte, actor string) (int64, error) {
	var version int64
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		now := db.Now()
		res, err := tx.ExecContext(ctx, `INSERT INTO settings (program_id, body, actor, created_at) VALUES (?, ?, ?, ?)`,
			programID, string(body), actor, now)
		if err != nil {
			return fmt.Errorf("store: save settings: %w", describeDiskError(err))
		}
		version, _ = res.LastInsertId()
		return db.AuditTx(ctx, tx, actor, "settings.save", fmt.Sprintf("program %d", programID), fmt.Sprintf("version %d", version))
	})
	return version, err
}

// CurrentSettings returns the newest settings of a program and their version,
// or ErrNotFound when none were ever saved (the defaults apply).
func (db *DB) CurrentSettings(ctx context.Context, programID int64) ([]byte, int64, error) {
	var body string
	var version int64
	err := db.R.QueryRowContext(ctx, `SELECT body, version FROM settings WHERE program_id = ? ORDER BY version DESC LIMIT 1`, programID).
		Scan(&body, &version)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, fmt.Errorf("store: settings of program %d: %w", programID, ErrNotFound)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("store: settings of program %d: %w", programID, err)
	}
	return []byte(body), version, nil
}

// AuditTx writes one audit log row inside the caller's transaction.
func (db *DB) AuditTx(ctx context.Context, tx *sql.Tx, actor, action, target, detail string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (actor, action, target, detail, created_at) VALUES (?, ?, ?, ?, ?)`,
		actor, action, target, detail, db.Now())
	if err != nil {
		return fmt.Errorf("store: audit %s: %w", action, err)
	}
	return nil
}

// Audit writes one audit log row.
func (db *DB) Audit(ctx context.Context, actor, action, target, detail string) error {
	return db.Tx(ctx, func(tx *sql.Tx) error { return db.AuditTx(ctx, tx, actor, action, target, detail) })
}
