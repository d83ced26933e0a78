package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// Session is a signed-in browser. The cookie carries Token; only its SHA-256 is stored.
type Session struct {
	Token     string // the cookie value; set only by CreateSession
	CSRFToken string
	UserID    int64
	ExpiresAt string
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func randomToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("store: no randomness: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// CreateSession starts a session of the user lasting ttl and removes expired ones.
func (db *DB) CreateSession(ctx context.Context, userID int64, ttl time.Duration) (*Session, error) {
	now := db.now().UTC()
	s := &Session{Token: randomToken(), CSRFToken: randomToken(), UserID: userID, ExpiresAt: now.Add(ttl).Format(TimeFormat)}
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < ?`, now.Format(TimeFormat)); err != nil {
			return fmt.Errorf("store: expire sessions: %w", err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, last_seen)
			VALUES (?, ?, ?, ?, ?, ?)`, hashToken(s.Token), userID, s.CSRFToken, now.Format(TimeFormat), s.ExpiresAt, now.Format(TimeFormat))
		if err != nil {
			return fmt.Errorf("store: create session: %w", describeDiskError(err))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// SessionUser returns the live session of a cookie token and its user. It
// returns ErrNotFound when the token is unknown or expired or the user is disabled.
func (db *DB) SessionUser(ctx context.Context, token string) (*Session, *User, error) {
	s := &Session{}
	var userID int64
	err := db.R.QueryRowContext(ctx, `SELECT user_id, csrf_token, expires_at FROM sessions WHERE token_hash = ? AND expires_at > ?`,
		hashToken(token), db.Now()).Scan(&userID, &s.CSRFToken, &s.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, fmt.Errorf("store: session: %w", ErrNotFound)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("store: session: %w", err)
	}
	s.UserID = userID
	u, err := db.UserByID(ctx, userID)
	if err != nil {
		return nil, nil, err
	}
	if u.DisabledAt != "" {
		return nil, nil, fmt.Errorf("store: session: user %s is disabled: %w", u.Email, ErrNotFound)
	}
	return s, u, nil
}

// DeleteSession ends the session of a cookie token (no error if it was already gone).
func (db *DB) DeleteSession(ctx context.Context, token string) error {
	return db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hashToken(token)); err != nil {
			return fmt.Errorf("store: delete session: %w", err)
		}
		return nil
	})
}
