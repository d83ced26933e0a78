package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// Member is a person who refers others.
type Member struct {
	ID           string `json:"id"`
	ProgramID    int64  `json:"program_id"`
	ExternalID   string `json:"external_id"`
	ReferralCode string `json:"referral_code"`
	FirstName    string `json:"first_name"`
	LastName     string `json:"last_name"`
	Email        string `json:"email"`
	Phone        string `json:"phone"`
	CreatedAt    string `json:"created_at"`
	UpdatedAt    string `json:"updated_at"`
	seq          int64
}

// DefaultProgram is the id of the program every install starts with.
const DefaultProgram int64 = 1

const memberCols = `seq, id, program_id, external_id, referral_code, first_name, last_name, email, phone, created_at, updated_at`

func scanMember(s interface{ Scan(...any) error }) (*Member, error) {
	m := &Member{}
	err := s.Scan(&m.seq, &m.ID, &m.ProgramID, &m.ExternalID, &m.ReferralCode, &m.FirstName, &m.LastName, &m.Email, &m.Phone, &m.CreatedAt, &m.UpdatedAt)
	return m, err
}

// CreateMember stores a new member. It fills ID (when empty), ProgramID and the
// timestamps, and returns ErrConflict when the referral code, external id or
// email is already used in the program.
func (db *DB) CreateMember(ctx context.Context, m *Member) error {
	return db.Tx(ctx, func(tx *sql.Tx) error { return db.createMemberTx(ctx, tx, m) })
}

func (db *DB) createMemberTx(ctx context.Context, tx *sql.Tx, m *Member) error {
	if strings.TrimSpace(m.ReferralCode) == "" {
		return fmt.Errorf("store: create member: %w: referral_code is required", ErrInvalid)
	}
	if m.ID == "" {
		m.ID = NewID("mem_")
	}
	if m.ProgramID == 0 {
		m.ProgramID = DefaultProgram
	}
	if err := db.checkProgramTx(ctx, tx, m.ProgramID); err != nil {
		return fmt.Errorf("store: create member: %w", err)
	}
	m.CreatedAt, m.UpdatedAt = db.Now(), db.Now()
	res, err := tx.ExecContext(ctx, `INSERT INTO members (id, program_id, external_id, referral_code, first_name, last_name, email, email_norm, phone, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.ID, m.ProgramID, m.ExternalID, m.ReferralCode, m.FirstName, m.LastName, m.Email, NormEmail(m.Email), m.Phone, m.CreatedAt, m.UpdatedAt)
	if err != nil {
		return fmt.Errorf("store: create member: %w", uniqueErr(err, map[string]string{
			"members.program_id, members.referral_code": "referral code " + m.ReferralCode,
			"members.id": "id " + m.ID,
			"members.program_id, members.external_id": "external id " + m.ExternalID,
			"members.program_id, members.email_norm":  "email " + m.Email,
		}))
	}
	m.seq, _ = res.LastInsertId()
	return nil
}

// uniqueErr turns SQLite's UNIQUE failures into ErrConflict naming the field.
func uniqueErr(err error, names map[string]string) error {
	msg := err.Error()
	if !strings.Contains(msg, "UNIQUE constraint failed") {
		return describeDiskError(err)
	}
	for cols, what := range names {
		if strings.Contains(msg, cols) {
			return fmt.Errorf("%w: %s is already used in this program", ErrConflict, what)
		}
	}
	return fmt.Errorf("%w: %v", ErrConflict, err)
}

// MemberByID returns the member, or ErrNotFound.
func (db *DB) MemberByID(ctx context.Context, id string) (*Member, error) {
	m, err := scanMember(db.R.QueryRowContext(ctx, `SELECT `+memberCols+` FROM members WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: member %s: %w", id, ErrNotFound)
	}
	return m, err
}

// MemberByCode returns the member of the program with that referral code, or ErrNotFound.
func (db *DB) MemberByCode(ctx context.Context, programID int64, code string) (*Member, error) {
	m, err := scanMember(db.R.QueryRowContext(ctx, `SELECT `+memberCols+` FROM members WHERE program_id = ? AND referral_code = ?`, programID, code))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: member with code %q: %w", code, ErrNotFound)
	}
	return m, err
}

// MemberFilter selects members for ListMembers.
type MemberFilter struct {
	ProgramID int64
	Search    string // matches name, email, code or external id (prefix)
	After     string // cursor from the previous page
	Limit     int    // default 50, at most 1000
}

// ListMembers returns one page of members, oldest first, and the cursor of the
// next page ("" on the last page).
func (db *DB) ListMembers(ctx context.Context, f MemberFilter) ([]*Member, string, error) {
	var where []string
	var args []any
	if f.ProgramID != 0 {
		where, args = append(where, "program_id = ?"), append(args, f.ProgramID)
	}
	if s := strings.TrimSpace(f.Search); s != "" {
		where = append(where, "(email_norm LIKE ? OR referral_code = ? OR external_id = ? OR first_name LIKE ? OR last_name LIKE ?)")
		args = append(args, NormEmail(s)+"%", s, s, s+"%", s+"%")
	}
	limit := pageLimit(f.Limit)
	q, args, err := keysetQuery(`SELECT `+memberCols+` FROM members`, where, args, f.After, limit)
	if err != nil {
		return nil, "", err
	}
	rows, err := db.R.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, "", fmt.Errorf("store: list members: %w", err)
	}
	defer rows.Close()
	var out []*Member
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return nil, "", fmt.Errorf("store: list members: %w", err)
		}
		out = append(out, m)
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		next = encodeCursor(out[limit-1].seq)
	}
	return out, next, rows.Err()
}
