package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// IdempotencyTTL is how long an idempotency key and its answer are kept
// (at least 24 hours, as promised to API clients).
const IdempotencyTTL = 48 * time.Hour

// IdempotentAnswer is the stored first answer to a request with a key.
type IdempotentAnswer struct {
	RequestHash string
	Status      int // 0: the first request is still running
	Body        []byte
}

// ClaimIdempotencyKey claims (scope, key) for a request whose method, path and
// body hash to hash. It returns nil when the key is new (the caller runs the
// request and then calls FinishIdempotencyKey or ReleaseIdempotencyKey), or
// the answer already stored under the key (possibly still running, and
// possibly for another request hash: the caller compares). Keys older than
// IdempotencyTTL are forgotten.
func (db *DB) ClaimIdempotencyKey(ctx context.Context, scope, key, hash string) (*IdempotentAnswer, error) {
	var prev *IdempotentAnswer
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		cutoff := db.now().Add(-IdempotencyTTL).UTC().Format(TimeFormat)
		if _, err := tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE created_at < ?`, cutoff); err != nil {
			return fmt.Errorf("store: forget old idempotency keys: %w", describeDiskError(err))
		}
		a := &IdempotentAnswer{}
		err := tx.QueryRowContext(ctx, `SELECT request_hash, status, response FROM idempotency_keys WHERE scope = ? AND key = ?`,
			scope, key).Scan(&a.RequestHash, &a.Status, &a.Body)
		if err == nil {
			prev = a
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: read idempotency key: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO idempotency_keys (scope, key, request_hash, created_at) VALUES (?, ?, ?, ?)`,
			scope, key, hash, db.Now()); err != nil {
			return fmt.Errorf("store: claim idempotency key: %w", describeDiskError(err))
		}
		return nil
	})
	return prev, err
}

// FinishIdempotencyKey stores the answer to the request that claimed the key.
func (db *DB) FinishIdempotencyKey(ctx context.Context, scope, key string, status int, body []byte) error {
	if _, err := db.W.ExecContext(ctx, `UPDATE idempotency_keys SET status = ?, response = ? WHERE scope = ? AND key = ?`,
		status, body, scope, key); err != nil {
		return fmt.Errorf("store: store idempotent answer: %w", describeDiskError(err))
	}
	return nil
}

// ReleaseIdempotencyKey forgets a claimed key whose request failed on our
// side, so the client's retry runs it again.
func (db *DB) ReleaseIdempotencyKey(ctx context.Context, scope, key string) error {
	if _, err := db.W.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE scope = ? AND key = ?`, scope, key); err != nil {
		return fmt.Errorf("store: release idempotency key: %w", describeDiskError(err))
	}
	return nil
}
