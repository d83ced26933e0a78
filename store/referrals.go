package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/refsync/refsync/matching"
)

// Referral statuses.
const (
	StatusPending   = "pending"
	StatusQualified = "qualified"
	StatusApproved  = "approved"
	StatusDenied    = "denied"
)

// Referral is a referred person or company.
type Referral struct {
	ID            string            `json:"id"`
	ProgramID     int64             `json:"program_id"`
	MemberID      string            `json:"member_id,omitempty"`
	MemberCode    string            `json:"member_code,omitempty"`
	ExternalID    string            `json:"external_id"`
	FirstName     string            `json:"first_name"`
	LastName      string            `json:"last_name"`
	Email         string            `json:"email"`
	Phone         string            `json:"phone"`
	Company       string            `json:"company"`
	Street        string            `json:"street"`
	City          string            `json:"city"`
	State         string            `json:"state"`
	PostalCode    string            `json:"postal_code"`
	Status        string            `json:"status"`
	StatusEventAt string            `json:"-"`
	Amount        *float64          `json:"amount,omitempty"`
	Custom        map[string]string `json:"custom,omitempty"`
	SFState       string            `json:"salesforce_state,omitempty"`
	SFError       string            `json:"salesforce_error,omitempty"`
	CreatedAt     string            `json:"created_at"`
	UpdatedAt     string            `json:"updated_at"`
	seq           int64
}

// MatchRecord is the referral as the matcher sees it (links are added by the caller).
func (r *Referral) MatchRecord() matching.Referral {
	return matching.Referral{ID: r.ID, ProgramID: r.ProgramID, ExternalID: r.ExternalID, FirstName: r.FirstName, LastName: r.LastName,
		Email: r.Email, Phone: r.Phone, Company: r.Company, Street: r.Street, City: r.City, State: r.State,
		PostalCode: r.PostalCode, MemberCode: r.MemberCode}
}

const referralCols = `r.seq, r.id, r.program_id, coalesce(r.member_id, ''), coalesce(m.referral_code, ''), r.external_id,
	r.first_name, r.last_name, r.email, r.phone, r.company, r.street, r.city, r.state, r.postal_code, r.status,
	r.status_event_at, r.amount, r.custom, r.sf_state, r.sf_error, r.created_at, r.updated_at`

const referralFrom = ` FROM referrals r LEFT JOIN members m ON m.id = r.member_id`

// Statements of referral creation, prepared once per import transaction.
var (
	sqlMemberIDByCode = `SELECT id FROM members WHERE program_id = ? AND referral_code = ?`
	sqlInsertReferral = `INSERT INTO referrals (id, program_id, member_id, external_id, first_name, last_name, email, email_norm,
		phone, company, street, city, state, postal_code, status, amount, custom, sf_state, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	sqlInsertCreatedHistory = `INSERT INTO referral_status_history (referral_id, from_status, to_status, actor, note, created_at)
		VALUES (?, '', ?, ?, 'created', ?)`
	sqlReferralIDByIDs = `SELECT id FROM referrals WHERE id = ?1 UNION ALL SELECT id FROM referrals WHERE program_id = ?2 AND external_id = ?3 AND external_id <> '' UNION ALL SELECT id FROM referrals WHERE program_id = ?2 AND email_norm = ?4 AND email_norm <> '' LIMIT 1`
)

func scanReferral(s interface{ Scan(...any) error }) (*Referral, error) {
	r := &Referral{}
	var amount sql.NullFloat64
	var custom string
	err := s.Scan(&r.seq, &r.ID, &r.ProgramID, &r.MemberID, &r.MemberCode, &r.ExternalID, &r.FirstName, &r.LastName,
		&r.Email, &r.Phone, &r.Company, &r.Street, &r.City, &r.State, &r.PostalCode, &r.Status, &r.StatusEventAt,
		&amount, &custom, &r.SFState, &r.SFError, &r.CreatedAt, &r.UpdatedAt)
	if err != nil {
		return nil, err
	}
	if amount.Valid {
		r.Amount = &amount.Float64
	}
	if custom != "" && custom != "{}" {
		if err := json.Unmarshal([]byte(custom), &r.Custom); err != nil {
			return nil, fmt.Errorf("referral %s: custom fields: %w", r.ID, err)
		}
	}
	return r, nil
}

// MsgNoIdentity says what a referral without any identifying field lacks.
const MsgNoIdentity = "a referral needs at least a name, email, phone, company, external id or street"

// HasIdentity reports whether r carries anything a person or the matcher could
// recognise it by; CreateReferral refuses a referral without.
func HasIdentity(r *Referral) bool {
	return r.FirstName != "" || r.LastName != "" || r.Email != "" || r.Company != "" || r.Phone != "" || r.ExternalID != "" || r.Street != ""
}

// ValidStatus reports whether s is one of the four statuses.
func ValidStatus(s string) bool {
	switch s {
	case StatusPending, StatusQualified, StatusApproved, StatusDenied:
		return true
	}
	return false
}

// CreateReferral stores a new referral (ID generated when empty, status pending
// when empty) and its first history row. MemberCode, when set, must name a member
// of the program. It returns ErrConflict for a used id, external id or email.
func (db *DB) CreateReferral(ctx context.Context, r *Referral, actor string) error {
	return db.Tx(ctx, func(tx *sql.Tx) error { return db.CreateReferralTx(ctx, tx, r, actor) })
}

// CreateReferralTx is CreateReferral inside the caller's transaction.
func (db *DB) CreateReferralTx(ctx context.Context, tx *sql.Tx, r *Referral, actor string) error {
	if r.ID == "" {
		r.ID = NewID("ref_")
	}
	if r.ProgramID == 0 {
		r.ProgramID = DefaultProgram
	}
	if r.Status == "" {
		r.Status = StatusPending
	}
	if !ValidStatus(r.Status) {
		return fmt.Errorf("store: create referral: %w: status %q is not one of pending, qualified, approved, denied", ErrInvalid, r.Status)
	}
	if !HasIdentity(r) {
		return fmt.Errorf("store: create referral: %w: %s", ErrInvalid, MsgNoIdentity)
	}
	if err := db.checkProgramTx(ctx, tx, r.ProgramID); err != nil {
		return fmt.Errorf("store: create referral: %w", err)
	}
	if r.MemberCode != "" && r.MemberID == "" {
		if err := db.txQueryRow(ctx, tx, sqlMemberIDByCode, r.ProgramID, r.MemberCode).Scan(&r.MemberID); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("store: create referral: %w: member code %q not found (import or create the member first)", ErrInvalid, r.MemberCode)
			}
			return fmt.Errorf("store: create referral: find member: %w", err)
		}
	}
	custom := "{}"
	if len(r.Custom) > 0 {
		b, _ := json.Marshal(r.Custom)
		custom = string(b)
	}
	r.CreatedAt, r.UpdatedAt = db.Now(), db.Now()
	var member any
	if r.MemberID != "" {
		member = r.MemberID
	}
	res, err := db.txExec(ctx, tx, sqlInsertReferral,
		r.ID, r.ProgramID, member, r.ExternalID, r.FirstName, r.LastName, r.Email, NormEmail(r.Email), r.Phone, r.Company,
		r.Street, r.City, r.State, r.PostalCode, r.Status, r.Amount, custom, r.SFState, r.CreatedAt, r.UpdatedAt)
	if err != nil {
		return fmt.Errorf("store: create referral: %w", uniqueErr(err, map[string]string{
			"referrals.id": "referral id " + r.ID, "referrals.program_id, referrals.external_id": "external id " + r.ExternalID,
			"referrals.program_id, referrals.email_norm": "email " + r.Email,
		}))
	}
	r.seq, _ = res.LastInsertId()
	_, err = db.txExec(ctx, tx, sqlInsertCreatedHistory, r.ID, r.Status, actor, r.CreatedAt)
	if err != nil {
		return fmt.Errorf("store: create referral: history: %w", err)
	}
	return nil
}

// ReferralByID returns the referral, or ErrNotFound.
func (db *DB) ReferralByID(ctx context.Context, id string) (*Referral, error) {
	return db.referralWhere(ctx, db.R, "r.id = ?", id)
}

// ReferralByExternalID returns the program's referral with that external id, or ErrNotFound.
func (db *DB) ReferralByExternalID(ctx context.Context, programID int64, ext string) (*Referral, error) {
	return db.referralWhere(ctx, db.R, "r.program_id = ? AND r.external_id = ? AND r.external_id <> ''", programID, ext)
}

// ReferralByEmail returns the program's referral with that email, or ErrNotFound.
func (db *DB) ReferralByEmail(ctx context.Context, programID int64, email string) (*Referral, error) {
	return db.referralWhere(ctx, db.R, "r.program_id = ? AND r.email_norm = ? AND r.email_norm <> ''", programID, NormEmail(email))
}

type queryer interface {
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

func (db *DB) referralWhere(ctx context.Context, q queryer, where string, args ...any) (*Referral, error) {
	r, err := scanReferral(q.QueryRowContext(ctx, `SELECT `+referralCols+referralFrom+` WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: referral %v: %w", args[len(args)-1], ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: get referral: %w", err)
	}
	return r, nil
}

// ReferralFilter selects referrals for ListReferrals.
type ReferralFilter struct {
	ProgramID int64
	Status    string
	MemberID  string
	Search    string // email or name prefix, external id or referral id
	After     string // cursor from the previous page
	Limit     int    // default 50, at most 1000
}

// ListReferrals returns one page of referrals in creation order and the cursor
// of the next page ("" on the last). Rows inserted meanwhile never make a page
// skip or repeat a row.
func (db *DB) ListReferrals(ctx context.Context, f ReferralFilter) ([]*Referral, string, error) {
	var where []string
	var args []any
	add := func(cond string, a ...any) { where, args = append(where, cond), append(args, a...) }
	if f.ProgramID != 0 {
		add("r.program_id = ?", f.ProgramID)
	}
	if f.Status != "" {
		add("r.status = ?", f.Status)
	}
	if f.MemberID != "" {
		add("r.member_id = ?", f.MemberID)
	}
	if s := strings.TrimSpace(f.Search); s != "" {
		// a full name matches "first last" and "last, first" ("Katherine Van der Berg", "Van der Berg, Katherine")
		full := strings.Join(strings.Fields(strings.ReplaceAll(s, ",", " ")), " ") + "%"
		add("(r.email_norm LIKE ? OR r.id = ? OR r.external_id = ? OR r.first_name LIKE ? OR r.last_name LIKE ? OR r.company LIKE ?"+
			" OR (r.first_name || ' ' || r.last_name) LIKE ? OR (r.last_name || ' ' || r.first_name) LIKE ?)",
			NormEmail(s)+"%", s, s, s+"%", s+"%", s+"%", full, full)
	}
	limit := pageLimit(f.Limit)
	if f.After != "" {
		seq, err := decodeCursor(f.After)
		if err != nil {
			return nil, "", err
		}
		add("r.seq > ?", seq)
	}
	q := `SELECT ` + referralCols + referralFrom
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY r.seq LIMIT ?"
	rows, err := db.R.QueryContext(ctx, q, append(args, limit+1)...)
	if err != nil {
		return nil, "", fmt.Errorf("store: list referrals: %w", err)
	}
	defer rows.Close()
	var out []*Referral
	for rows.Next() {
		r, err := scanReferral(rows)
		if err != nil {
			return nil, "", fmt.Errorf("store: list referrals: %w", err)
		}
		out = append(out, r)
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		next = encodeCursor(out[limit-1].seq)
	}
	return out, next, rows.Err()
}
