package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// ImportResult says what happened to one row of a batch import.
type ImportResult struct {
	Created   bool   // a new row was stored
	NewMember bool   // the row's member code named no member, so one was created with just that code
	Already   bool   // the same row was imported before: nothing to do
	Err       error  // why the row was refused (ErrConflict, ErrInvalid, …)
	ID        string // the row's id when created or already there
}

// ImportReferrals stores a batch of referrals in one transaction. A row that
// was imported before (same referral id, or same external id or email with the
// same name) is reported as Already; a row that collides with a different
// referral is a conflict; neither stops the other rows. afterCreate, when not
// nil, runs in the same transaction for each created referral (its ctx carries
// the transaction's prepared statements) (e.g. to queue
// its push to Salesforce).
//
// A new row costs its inserts only: the batch's member codes are resolved in
// one query, and the earlier-import check runs only when an insert meets a
// unique key (the database refuses the duplicate, the transaction goes on).
func (db *DB) ImportReferrals(ctx context.Context, rows []*Referral, actor string, afterCreate func(context.Context, *sql.Tx, *Referral) error) ([]ImportResult, error) {
	out := make([]ImportResult, len(rows))
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		ctx, release := withStatements(ctx, tx)
		defer release()
		members, err := db.membersOfRows(ctx, tx, rows)
		if err != nil {
			return err
		}
		for i, r := range rows {
			if out[i], err = db.importReferral(ctx, tx, r, actor, members); err != nil {
				return err
			}
			if out[i].Created && afterCreate != nil {
				if err := afterCreate(ctx, tx, r); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return out, err
}

// memberKey names a member by program and referral code.
type memberKey struct {
	program int64
	code    string
}

// importReferral stores one row of ImportReferrals; the error is one that
// stops the batch (a refused row is reported in the result).
func (db *DB) importReferral(ctx context.Context, tx *sql.Tx, r *Referral, actor string, members map[memberKey]string) (ImportResult, error) {
	program := r.ProgramID
	if program == 0 {
		program = DefaultProgram
	}
	if r.MemberCode != "" && r.MemberID == "" {
		id, ok := members[memberKey{program, r.MemberCode}]
		if !ok { // a code no member has yet: check for an earlier import before creating one
			return db.importReferralNewMember(ctx, tx, r, actor, members)
		}
		r.MemberID = id
	}
	givenID := r.ID
	err := db.CreateReferralTx(ctx, tx, r, actor)
	if err == nil {
		return ImportResult{Created: true, ID: r.ID}, nil
	}
	if !errors.Is(err, ErrConflict) && !errors.Is(err, ErrInvalid) {
		return ImportResult{}, err
	}
	r.ID = givenID // a generated id is not the row's
	if prev, ferr := db.findSameReferral(ctx, tx, r); ferr != nil {
		return ImportResult{Err: ferr}, nil
	} else if prev != "" {
		return ImportResult{Already: true, ID: prev}, nil
	}
	return ImportResult{Err: err}, nil
}

// importReferralNewMember is importReferral for a row whose member code names
// no member yet: the member is created only for a row that is stored.
func (db *DB) importReferralNewMember(ctx context.Context, tx *sql.Tx, r *Referral, actor string, members map[memberKey]string) (ImportResult, error) {
	if prev, err := db.findSameReferral(ctx, tx, r); err != nil {
		return ImportResult{Err: err}, nil
	} else if prev != "" {
		return ImportResult{Already: true, ID: prev}, nil
	}
	newMember, err := db.ensureMemberTx(ctx, tx, r)
	if err != nil {
		return ImportResult{}, err
	}
	program := r.ProgramID
	if program == 0 {
		program = DefaultProgram
	}
	members[memberKey{program, r.MemberCode}] = r.MemberID
	if err := db.CreateReferralTx(ctx, tx, r, actor); err != nil {
		if errors.Is(err, ErrConflict) || errors.Is(err, ErrInvalid) {
			return ImportResult{Err: err}, nil
		}
		return ImportResult{}, err
	}
	return ImportResult{Created: true, ID: r.ID, NewMember: newMember}, nil
}

// membersOfRows returns the members the rows' member codes name, by program
// and code, in one query per program.
func (db *DB) membersOfRows(ctx context.Context, tx *sql.Tx, rows []*Referral) (map[memberKey]string, error) {
	codes := map[int64][]string{}
	for _, r := range rows {
		if r.MemberCode != "" && r.MemberID == "" {
			program := r.ProgramID
			if program == 0 {
				program = DefaultProgram
			}
			codes[program] = append(codes[program], r.MemberCode)
		}
	}
	out := make(map[memberKey]string, len(rows))
	for program, list := range codes {
		qr, err := tx.QueryContext(ctx, `SELECT referral_code, id FROM members WHERE program_id = ?
			AND referral_code IN (SELECT value FROM json_each(?))`, program, jsonList(list))
		if err != nil {
			return nil, fmt.Errorf("store: find members: %w", err)
		}
		for qr.Next() {
			var code, id string
			if err := qr.Scan(&code, &id); err != nil {
				qr.Close()
				return nil, fmt.Errorf("store: find members: %w", err)
			}
			out[memberKey{program, code}] = id
		}
		if err := qr.Close(); err != nil {
			return nil, fmt.Errorf("store: find members: %w", err)
		}
	}
	return out, nil
}

// ensureMemberTx resolves r.MemberCode, creating a member known only by that
// code when the program has none yet (so an import never loses who referred whom).
func (db *DB) ensureMemberTx(ctx context.Context, tx *sql.Tx, r *Referral) (bool, error) {
	if r.MemberCode == "" || r.MemberID != "" {
		return false, nil
	}
	program := r.ProgramID
	if program == 0 {
		program = DefaultProgram
	}
	err := db.txQueryRow(ctx, tx, sqlMemberIDByCode, program, r.MemberCode).Scan(&r.MemberID)
	if err == nil {
		return false, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("store: find member %s: %w", r.MemberCode, err)
	}
	m := &Member{ProgramID: program, ReferralCode: r.MemberCode}
	if err := db.createMemberTx(ctx, tx, m); err != nil {
		return false, err
	}
	r.MemberID = m.ID
	return true, nil
}

// findSameReferral returns the id of an existing referral that is this very
// row imported before, "" when there is none, or a conflict error when the
// row's id, external id or email belongs to somebody else.
func (db *DB) findSameReferral(ctx context.Context, tx *sql.Tx, r *Referral) (string, error) {
	program := r.ProgramID
	if program == 0 {
		program = DefaultProgram
	}
	// The common case, a new row, costs one cheap query.
	var found string
	err := db.txQueryRow(ctx, tx, sqlReferralIDByIDs, r.ID, program, r.ExternalID, NormEmail(r.Email)).Scan(&found)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("store: look for an earlier import: %w", err)
	}
	try := []struct {
		what, where string
		arg         any
	}{
		{"referral id " + r.ID, "r.id = ?", r.ID},
		{"external id " + r.ExternalID, "r.program_id = ? AND r.external_id = ? AND r.external_id <> ''", r.ExternalID},
		{"email " + r.Email, "r.program_id = ? AND r.email_norm = ? AND r.email_norm <> ''", NormEmail(r.Email)},
	}
	for i, t := range try {
		if t.arg == "" {
			continue
		}
		args := []any{t.arg}
		if i > 0 {
			args = []any{program, t.arg}
		}
		prev, err := db.referralWhere(ctx, tx, t.where, args...)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return "", err
		}
		if prev.FirstName == r.FirstName && prev.LastName == r.LastName && NormEmail(prev.Email) == NormEmail(r.Email) &&
			prev.ExternalID == r.ExternalID && (r.ID == "" || r.ID == prev.ID) {
			return prev.ID, nil
		}
		return "", fmt.Errorf("%w: %s is already used by referral %s (%s %s)", ErrConflict, t.what, prev.ID, prev.FirstName, prev.LastName)
	}
	return "", nil
}

// ImportMembers stores a batch of members in one transaction, with the same
// already-imported and conflict rules as ImportReferrals (keyed by referral code).
func (db *DB) ImportMembers(ctx context.Context, rows []*Member) ([]ImportResult, error) {
	out := make([]ImportResult, len(rows))
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		for i, m := range rows {
			program := m.ProgramID
			if program == 0 {
				program = DefaultProgram
			}
			prev, err := scanMember(tx.QueryRowContext(ctx, `SELECT `+memberCols+` FROM members WHERE program_id = ? AND referral_code = ?`, program, m.ReferralCode))
			if err == nil {
				if prev.Email == m.Email && prev.FirstName == m.FirstName && prev.LastName == m.LastName && prev.ExternalID == m.ExternalID {
					out[i] = ImportResult{Already: true, ID: prev.ID}
				} else {
					out[i].Err = fmt.Errorf("%w: referral code %s is already used by member %s (%s %s)", ErrConflict, m.ReferralCode, prev.ID, prev.FirstName, prev.LastName)
				}
				continue
			} else if !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("store: import members: %w", err)
			}
			if err := db.createMemberTx(ctx, tx, m); err != nil {
				if errors.Is(err, ErrConflict) || errors.Is(err, ErrInvalid) {
					out[i].Err = err
					continue
				}
				return err
			}
			out[i] = ImportResult{Created: true, ID: m.ID}
		}
		return nil
	})
	return out, err
}
