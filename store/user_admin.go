package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// ErrLastAdmin is returned when a change would leave no enabled admin, so
// nobody could sign in to manage refsync any more.
var ErrLastAdmin = errors.New("this is the last enabled admin; make another user an admin first")

// enabledAdminsTx counts the admins who can still sign in.
func enabledAdminsTx(ctx context.Context, tx *sql.Tx) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE role = ? AND disabled_at IS NULL`, RoleAdmin).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count admins: %w", err)
	}
	return n, nil
}

// userTx reads one user inside a transaction, or ErrNotFound.
func userTx(ctx context.Context, tx *sql.Tx, id int64) (*User, error) {
	u, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: user %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: user %d: %w", id, err)
	}
	return u, nil
}

// guardLastAdmin refuses a change that takes admin rights from u when u is
// the only enabled admin.
func guardLastAdmin(ctx context.Context, tx *sql.Tx, u *User) error {
	if u.Role != RoleAdmin || u.DisabledAt != "" {
		return nil
	}
	n, err := enabledAdminsTx(ctx, tx)
	if err != nil {
		return err
	}
	if n <= 1 {
		return fmt.Errorf("store: user %s: %w", u.Email, ErrLastAdmin)
	}
	return nil
}

// SetUserRole changes a user's role, audited as actor. It returns ErrInvalid
// for a bad role and ErrLastAdmin when it would demote the last enabled admin.
func (db *DB) SetUserRole(ctx context.Context, id int64, role, actor string) (*User, error) {
	if !ValidRole(role) {
		return nil, fmt.Errorf("store: set role: %w: role %q is not admin or reviewer", ErrInvalid, role)
	}
	var u *User
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if u, err = userTx(ctx, tx, id); err != nil {
			return err
		}
		if u.Role == role {
			return nil
		}
		if role != RoleAdmin {
			if err := guardLastAdmin(ctx, tx, u); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET role = ? WHERE id = ?`, role, id); err != nil {
			return fmt.Errorf("store: set role: %w", describeDiskError(err))
		}
		old := u.Role
		u.Role = role
		return db.AuditTx(ctx, tx, actor, "user.role", u.Email, old+" → "+role)
	})
	return u, err
}

// SetUserDisabled disables (ending their sign-ins) or enables a user, audited
// as actor. Disabling the last enabled admin returns ErrLastAdmin.
func (db *DB) SetUserDisabled(ctx context.Context, id int64, disabled bool, actor string) (*User, error) {
	var u *User
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if u, err = userTx(ctx, tx, id); err != nil {
			return err
		}
		if (u.DisabledAt != "") == disabled {
			return nil
		}
		if !disabled {
			u.DisabledAt = ""
			if _, err := tx.ExecContext(ctx, `UPDATE users SET disabled_at = NULL WHERE id = ?`, id); err != nil {
				return fmt.Errorf("store: enable user: %w", describeDiskError(err))
			}
			return db.AuditTx(ctx, tx, actor, "user.enable", u.Email, "")
		}
		if err := guardLastAdmin(ctx, tx, u); err != nil {
			return err
		}
		u.DisabledAt = db.Now()
		if _, err := tx.ExecContext(ctx, `UPDATE users SET disabled_at = ? WHERE id = ?`, u.DisabledAt, id); err != nil {
			return fmt.Errorf("store: disable user: %w", describeDiskError(err))
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
			return fmt.Errorf("store: disable user: end sessions: %w", describeDiskError(err))
		}
		return db.AuditTx(ctx, tx, actor, "user.disable", u.Email, "")
	})
	return u, err
}

// SetUserPassword stores a new (already hashed) password and ends the user's
// sessions, audited as actor.
func (db *DB) SetUserPassword(ctx context.Context, id int64, passwordHash, actor string) (*User, error) {
	if passwordHash == "" {
		return nil, fmt.Errorf("store: set password: %w: no password hash", ErrInvalid)
	}
	var u *User
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if u, err = userTx(ctx, tx, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, passwordHash, id); err != nil {
			return fmt.Errorf("store: set password: %w", describeDiskError(err))
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
			return fmt.Errorf("store: set password: end sessions: %w", describeDiskError(err))
		}
		return db.AuditTx(ctx, tx, actor, "user.password", u.Email, "reset")
	})
	return u, err
}
