package store

import (
	"context"
	"fmt"
)

// Connection is the Salesforce connection state shown on the dashboard.
type Connection struct {
	State           string `json:"state"` // connected, unauthorized, limited, error
	LastConnectedAt string `json:"last_connected_at,omitempty"`
	LastError       string `json:"last_error,omitempty"`
	APIUsed         int    `json:"api_used"`
	APIMax          int    `json:"api_max"`
	UpdatedAt       string `json:"updated_at,omitempty"`
}

// ConnectionState returns the last recorded connection state.
func (db *DB) ConnectionState(ctx context.Context) (Connection, error) {
	var c Connection
	err := db.R.QueryRowContext(ctx, `SELECT state, last_connected_at, last_error, api_used, api_max, updated_at
		FROM connection_state WHERE id = 1`).Scan(&c.State, &c.LastConnectedAt, &c.LastError, &c.APIUsed, &c.APIMax, &c.UpdatedAt)
	if err != nil {
		return Connection{}, fmt.Errorf("store: connection state: %w", err)
	}
	return c, nil
}

// SetConnectionState records the connection state. An empty lastConnectedAt
// keeps the one recorded; apiMax 0 keeps the recorded API usage.
func (db *DB) SetConnectionState(ctx context.Context, state, lastConnectedAt, lastError string, apiUsed, apiMax int) error {
	_, err := db.exec(ctx, `UPDATE connection_state SET state = ?, last_error = ?,
		last_connected_at = CASE WHEN ? = '' THEN last_connected_at ELSE ? END,
		api_used = CASE WHEN ? = 0 THEN api_used ELSE ? END,
		api_max = CASE WHEN ? = 0 THEN api_max ELSE ? END, updated_at = ? WHERE id = 1`,
		state, lastError, lastConnectedAt, lastConnectedAt, apiMax, apiUsed, apiMax, apiMax, db.Now())
	if err != nil {
		return fmt.Errorf("store: set connection state: %w", describeDiskError(err))
	}
	return nil
}
