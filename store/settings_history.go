package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// SettingsVersion is one saved version of a program's settings.
type SettingsVersion struct {
	Version   int64
	Actor     string
	CreatedAt string
	Body      []byte // JSON of config.Rules; only filled by SettingsAt
}

// SettingsVersions lists a program's saved versions, newest first, at most limit.
func (db *DB) SettingsVersions(ctx context.Context, programID int64, limit int) ([]SettingsVersion, error) {
	rows, err := db.R.QueryContext(ctx, `SELECT version, actor, created_at FROM settings WHERE program_id = ? ORDER BY version DESC LIMIT ?`,
		programID, pageLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("store: settings versions: %w", err)
	}
	defer rows.Close()
	var out []SettingsVersion
	for rows.Next() {
		var v SettingsVersion
		if err := rows.Scan(&v.Version, &v.Actor, &v.CreatedAt); err != nil {
			return nil, fmt.Errorf("store: settings versions: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// SettingsAt returns one saved version of a program's settings with its body,
// or ErrNotFound.
func (db *DB) SettingsAt(ctx context.Context, programID, version int64) (SettingsVersion, error) {
	v := SettingsVersion{Version: version}
	var body string
	err := db.R.QueryRowContext(ctx, `SELECT actor, created_at, body FROM settings WHERE program_id = ? AND version = ?`, programID, version).
		Scan(&v.Actor, &v.CreatedAt, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return v, fmt.Errorf("store: settings version %d: %w", version, ErrNotFound)
	}
	if err != nil {
		return v, fmt.Errorf("store: settings version %d: %w", version, err)
	}
	v.Body = []byte(body)
	return v, nil
}

// PreviousSettings returns the version saved before version (ErrNotFound for the first).
func (db *DB) PreviousSettings(ctx context.Context, programID, version int64) (SettingsVersion, error) {
	var prev int64
	err := db.R.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM settings WHERE program_id = ? AND version < ?`, programID, version).Scan(&prev)
	if err != nil {
		return SettingsVersion{}, fmt.Errorf("store: settings before version %d: %w", version, err)
	}
	if prev == 0 {
		return SettingsVersion{}, fmt.Errorf("store: settings before version %d: %w", version, ErrNotFound)
	}
	return db.SettingsAt(ctx, programID, prev)
}
