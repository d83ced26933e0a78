package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
)

// ReferralPatch is a partial change of a referral's details: nil fields stay as they are.
// Status changes go through SetReferralStatus (guards and history).
type ReferralPatch struct {
	ExternalID, FirstName, LastName, Email, Phone, Company *string
	Street, City, State, PostalCode, MemberCode            *string
	Custom                                                 map[string]string // replaces the custom fields when not nil
}

// UpdateReferral applies p to the referral and returns it as stored; ErrNotFound,
// ErrConflict (email or external id used by another referral) or ErrInvalid
// (unknown member code) otherwise.
func (db *DB) UpdateReferral(ctx context.Context, id string, p ReferralPatch, actor string) (*Referral, error) {
	var out *Referral
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		r, err := db.referralWhere(ctx, tx, "r.id = ?", id)
		if err != nil {
			return err
		}
		for _, f := range []struct {
			dst *string
			src *string
		}{{&r.ExternalID, p.ExternalID}, {&r.FirstName, p.FirstName}, {&r.LastName, p.LastName}, {&r.Email, p.Email},
			{&r.Phone, p.Phone}, {&r.Company, p.Company}, {&r.Street, p.Street}, {&r.City, p.City}, {&r.State, p.State},
			{&r.PostalCode, p.PostalCode}} {
			if f.src != nil {
				*f.dst = *f.src
			}
		}
		if p.Custom != nil {
			r.Custom = p.Custom
		}
		var member any
		if r.MemberID != "" {
			member = r.MemberID
		}
		if p.MemberCode != nil && *p.MemberCode == "" {
			member = nil
		} else if p.MemberCode != nil {
			var mid string
			if err := tx.QueryRowContext(ctx, `SELECT id FROM members WHERE program_id = ? AND referral_code = ?`, r.ProgramID, *p.MemberCode).Scan(&mid); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return fmt.Errorf("store: update referral: %w: member code %q not found", ErrInvalid, *p.MemberCode)
				}
				return fmt.Errorf("store: update referral: find member: %w", err)
			}
			member = mid
		}
		custom, _ := json.Marshal(r.Custom)
		if r.Custom == nil {
			custom = []byte("{}")
		}
		_, err = tx.ExecContext(ctx, `UPDATE referrals SET external_id = ?, first_name = ?, last_name = ?, email = ?, email_norm = ?,
			phone = ?, company = ?, street = ?, city = ?, state = ?, postal_code = ?, member_id = ?, custom = ?, updated_at = ? WHERE id = ?`,
			r.ExternalID, r.FirstName, r.LastName, r.Email, NormEmail(r.Email), r.Phone, r.Company, r.Street, r.City, r.State,
			r.PostalCode, member, string(custom), db.Now(), r.ID)
		if err != nil {
			return fmt.Errorf("store: update referral: %w", uniqueErr(err, map[string]string{
				"referrals.program_id, referrals.external_id": "external id " + r.ExternalID,
				"referrals.program_id, referrals.email_norm":  "email " + r.Email,
			}))
		}
		if err := db.AuditTx(ctx, tx, actor, "referral.update", r.ID, ""); err != nil {
			return err
		}
		out, err = db.referralWhere(ctx, tx, "r.id = ?", id)
		return err
	})
	return out, err
}

// MemberPatch is a partial change of a member: nil fields stay as they are.
type MemberPatch struct {
	ExternalID, ReferralCode, FirstName, LastName, Email, Phone *string
}

// UpdateMember applies p and returns the member as stored; ErrNotFound,
// ErrInvalid (empty referral code) or ErrConflict otherwise.
func (db *DB) UpdateMember(ctx context.Context, id string, p MemberPatch, actor string) (*Member, error) {
	var out *Member
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		m, err := scanMember(tx.QueryRowContext(ctx, `SELECT `+memberCols+` FROM members WHERE id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: member %s: %w", id, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: update member: %w", err)
		}
		for _, f := range []struct{ dst, src *string }{{&m.ExternalID, p.ExternalID}, {&m.ReferralCode, p.ReferralCode},
			{&m.FirstName, p.FirstName}, {&m.LastName, p.LastName}, {&m.Email, p.Email}, {&m.Phone, p.Phone}} {
			if f.src != nil {
				*f.dst = *f.src
			}
		}
		if m.ReferralCode == "" {
			return fmt.Errorf("store: update member: %w: referral_code cannot be empty", ErrInvalid)
		}
		m.UpdatedAt = db.Now()
		_, err = tx.ExecContext(ctx, `UPDATE members SET external_id = ?, referral_code = ?, first_name = ?, last_name = ?, email = ?,
			email_norm = ?, phone = ?, updated_at = ? WHERE id = ?`, m.ExternalID, m.ReferralCode, m.FirstName, m.LastName, m.Email,
			NormEmail(m.Email), m.Phone, m.UpdatedAt, m.ID)
		if err != nil {
			return fmt.Errorf("store: update member: %w", uniqueErr(err, map[string]string{
				"members.program_id, members.referral_code": "referral code " + m.ReferralCode,
				"members.program_id, members.external_id":   "external id " + m.ExternalID,
				"members.program_id, members.email_norm":    "email " + m.Email,
			}))
		}
		out = m
		return db.AuditTx(ctx, tx, actor, "member.update", m.ID, "")
	})
	return out, err
}
