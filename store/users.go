package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// User roles.
const (
	RoleAdmin    = "admin"
	RoleReviewer = "reviewer"
)

// User is a person who signs in to the web UI.
type User struct {
	ID           int64  `json:"id"`
	Email        string `json:"email"`
	Role         string `json:"role"`
	PasswordHash string `json:"-"`
	CreatedAt    string `json:"created_at"`
	DisabledAt   string `json:"disabled_at,omitempty"`
}

// ValidRole reports whether role is admin or reviewer.
func ValidRole(role string) bool { return role == RoleAdmin || role == RoleReviewer }

const userCols = `id, email, role, password_hash, created_at, coalesce(disabled_at, '')`

func scanUser(s interface{ Scan(...any) error }) (*User, error) {
	u := &User{}
	err := s.Scan(&u.ID, &u.Email, &u.Role, &u.PasswordHash, &u.CreatedAt, &u.DisabledAt)
	return u, err
}

// CreateUser stores a user with an already hashed password and audits it as
// actor. It returns
// ErrInvalid for an empty email, a bad role or an empty hash, and ErrConflict
// when the email (case-insensitive) is taken.
func (db *DB) CreateUser(ctx context.Context, email, role, passwordHash, actor string) (*User, error) {
	email = strings.TrimSpace(email)
	switch {
	case email == "" || !strings.Contains(email, "@"):
		return nil, fmt.Errorf("store: create user: %w: %q is not an email address", ErrInvalid, email)
	case !ValidRole(role):
		return nil, fmt.Errorf("store: create user: %w: role %q is not admin or reviewer", ErrInvalid, role)
	case passwordHash == "":
		return nil, fmt.Errorf("store: create user: %w: no password hash", ErrInvalid)
	}
	u := &User{Email: email, Role: role, PasswordHash: passwordHash, CreatedAt: db.Now()}
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO users (email, role, password_hash, created_at) VALUES (?, ?, ?, ?)`,
			u.Email, u.Role, u.PasswordHash, u.CreatedAt)
		if err != nil {
			if strings.Contains(err.Error(), "UNIQUE constraint failed") {
				return fmt.Errorf("store: create user: %w: a user with email %s already exists", ErrConflict, email)
			}
			return fmt.Errorf("store: create user: %w", describeDiskError(err))
		}
		u.ID, _ = res.LastInsertId()
		return db.AuditTx(ctx, tx, actor, "user.add", email, "role "+role)
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// UserByEmail returns the user with that email (case-insensitive), or ErrNotFound.
func (db *DB) UserByEmail(ctx context.Context, email string) (*User, error) {
	u, err := scanUser(db.R.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE email = ?`, strings.TrimSpace(email)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: user %s: %w", email, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: user %s: %w", email, err)
	}
	return u, nil
}

// UserByID returns the user, or ErrNotFound.
func (db *DB) UserByID(ctx context.Context, id int64) (*User, error) {
	u, err := scanUser(db.R.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: user %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: user %d: %w", id, err)
	}
	return u, nil
}

// ListUsers returns every user, by email.
func (db *DB) ListUsers(ctx context.Context) ([]User, error) {
	rows, err := db.R.QueryContext(ctx, `SELECT `+userCols+` FROM users ORDER BY email`)
	if err != nil {
		return nil, fmt.Errorf("store: list users: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list users: %w", err)
		}
		out = append(out, *u)
	}
	return out, rows.Err()
}
