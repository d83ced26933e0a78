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
	"strings"
	"time"
)

// APIToken is one bearer token of the HTTP API; the token itself is never stored.
type APIToken struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	Role       string `json:"role"`
	CreatedAt  string `json:"created_at"`
	LastUsedAt string `json:"last_used_at,omitempty"`
	RevokedAt  string `json:"revoked_at,omitempty"`
}

// tokenPrefix marks refsync API tokens so leaked ones are easy to recognise.
const tokenPrefix = "rsk_"

// HashToken returns the hex SHA-256 of a token, the form stored in api_tokens.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// CreateAPIToken is CreateAPITokenAs audited as the command line.
func (db *DB) CreateAPIToken(ctx context.Context, name, role string) (string, *APIToken, error) {
	return db.CreateAPITokenAs(ctx, name, role, "cli")
}

// CreateAPITokenAs makes a new token with the name and role, stores only its hash,
// and returns the token (to be shown once) and its row, audited as actor.
// Role must be admin or reviewer.
func (db *DB) CreateAPITokenAs(ctx context.Context, name, role, actor string) (string, *APIToken, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", nil, fmt.Errorf("store: create token: %w: a token needs a name", ErrInvalid)
	}
	if role != RoleAdmin && role != RoleReviewer {
		return "", nil, fmt.Errorf("store: create token: %w: role %q is not admin or reviewer", ErrInvalid, role)
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", nil, fmt.Errorf("store: create token: %w", err)
	}
	token := tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	t := &APIToken{Name: name, Role: role, CreatedAt: db.Now()}
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (name, role, token_hash, created_at) VALUES (?, ?, ?, ?)`,
			name, role, HashToken(token), t.CreatedAt)
		if err != nil {
			return fmt.Errorf("store: create token: %w", describeDiskError(err))
		}
		t.ID, _ = res.LastInsertId()
		return db.AuditTx(ctx, tx, actor, "token.create", fmt.Sprintf("token %d", t.ID), name+" ("+role+")")
	})
	if err != nil {
		return "", nil, err
	}
	return token, t, nil
}

const tokenCols = `id, name, role, created_at, coalesce(last_used_at, ''), coalesce(revoked_at, '')`

func scanToken(s interface{ Scan(...any) error }) (*APIToken, error) {
	t := &APIToken{}
	return t, s.Scan(&t.ID, &t.Name, &t.Role, &t.CreatedAt, &t.LastUsedAt, &t.RevokedAt)
}

// APITokenBySecret returns the live token whose hash matches, or ErrNotFound
// for an unknown or revoked token. It records the use (at most once a minute).
func (db *DB) APITokenBySecret(ctx context.Context, token string) (*APIToken, error) {
	if !strings.HasPrefix(token, tokenPrefix) {
		return nil, fmt.Errorf("store: token: %w", ErrNotFound)
	}
	t, err := scanToken(db.R.QueryRowContext(ctx, `SELECT `+tokenCols+` FROM api_tokens
		WHERE token_hash = ? AND revoked_at IS NULL`, HashToken(token)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: token: %w", ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: token: %w", err)
	}
	now := db.now().UTC()
	if last, perr := time.Parse(TimeFormat, t.LastUsedAt); perr != nil || now.Sub(last) > time.Minute {
		t.LastUsedAt = now.Format(TimeFormat)
		if _, err := db.W.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, t.LastUsedAt, t.ID); isDiskFull(err) {
			db.noteWrite(err) // the use goes unrecorded; the token is good, and reading goes on as in the UI
		} else if err != nil {
			return nil, fmt.Errorf("store: token: record use: %w", describeDiskError(err))
		}
	}
	return t, nil
}

// ListAPITokens returns every token (revoked ones included), oldest first.
func (db *DB) ListAPITokens(ctx context.Context) ([]*APIToken, error) {
	rows, err := db.R.QueryContext(ctx, `SELECT `+tokenCols+` FROM api_tokens ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: list tokens: %w", err)
	}
	defer rows.Close()
	var out []*APIToken
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list tokens: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeAPIToken revokes the token with that id, or returns ErrNotFound when
// there is no live token with it.
func (db *DB) RevokeAPIToken(ctx context.Context, id int64, actor string) error {
	return db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, db.Now(), id)
		if err != nil {
			return fmt.Errorf("store: revoke token %d: %w", id, describeDiskError(err))
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("store: revoke token %d: %w", id, ErrNotFound)
		}
		return db.AuditTx(ctx, tx, actor, "token.revoke", fmt.Sprintf("token %d", id), "")
	})
}
