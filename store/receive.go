package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/refsync/refsync/matching"
)

// ApplyStatusRx asks for referralID to become `to` through the status guards
// (SetReferralStatusTx) inside InTx's transaction. refusal is the guard's
// reason code (status_final, denied_override, stale_event, status_backwards)
// when the change is refused; changed is false when it already had that status.
func (db *DB) ApplyStatusRx(ctx context.Context, referralID, to, actor string, entryID int64, eventAt string, override bool) (from string, changed bool, refusal string, err error) {
	r := rxFrom(ctx)
	if r == nil {
		err = db.InTx(ctx, func(ctx context.Context) error {
			var e error
			from, changed, refusal, e = db.ApplyStatusRx(ctx, referralID, to, actor, entryID, eventAt, override)
			return e
		})
		return from, changed, refusal, err
	}
	status, ok, err := db.ReferralStatusRx(ctx, referralID)
	if err != nil {
		return "", false, "", err
	}
	if !ok {
		return "", false, "", fmt.Errorf("store: apply status: referral %s: %w", referralID, ErrNotFound)
	}
	_, changed, err = db.SetReferralStatusTx(ctx, r.tx, StatusChange{ReferralID: referralID, To: to, Actor: actor,
		EntryID: entryID, Override: override, EventAt: eventAt})
	var te *TransitionError
	if errors.As(err, &te) {
		return status, false, te.Code, nil
	}
	if err != nil {
		return status, false, "", err
	}
	return status, changed, "", nil
}

// CreateReferralRx creates a referral from what the receiver knows (its ID
// chosen by the caller) under memberID, inside InTx's transaction.
func (db *DB) CreateReferralRx(ctx context.Context, m matching.Referral, memberID, actor string) error {
	ref := &Referral{ID: m.ID, MemberID: memberID, ExternalID: m.ExternalID, FirstName: m.FirstName, LastName: m.LastName,
		Email: m.Email, Phone: m.Phone, Company: m.Company, Street: m.Street, City: m.City, State: m.State, PostalCode: m.PostalCode}
	if r := rxFrom(ctx); r != nil {
		return db.CreateReferralTx(ctx, r.tx, ref, actor)
	}
	return db.CreateReferral(ctx, ref, actor)
}

// UpdateReferralFieldsRx writes mapped Salesforce values onto a referral:
// "amount" (a number), "company", and "custom.NAME" custom fields.
func (db *DB) UpdateReferralFieldsRx(ctx context.Context, referralID string, fields map[string]string) error {
	if len(fields) == 0 {
		return nil
	}
	var custom map[string]string
	for k, v := range fields {
		var err error
		switch name, isCustom := strings.CutPrefix(k, "custom."); {
		case k == "amount":
			var amount any
			if strings.TrimSpace(v) != "" {
				f, perr := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if perr != nil {
					return fmt.Errorf("store: amount of %s: %w: %q is not a number", referralID, ErrInvalid, v)
				}
				amount = f
			}
			_, err = db.exec(ctx, `UPDATE referrals SET amount = ?, updated_at = ? WHERE id = ?`, amount, db.Now(), referralID)
		case k == "company":
			_, err = db.exec(ctx, `UPDATE referrals SET company = ?, updated_at = ? WHERE id = ?`, v, db.Now(), referralID)
		case isCustom:
			if custom == nil {
				custom = map[string]string{}
			}
			custom[name] = v
		default:
			return fmt.Errorf("store: update %s: %w: field %q is not amount, company or custom.NAME", referralID, ErrInvalid, k)
		}
		if err != nil {
			return fmt.Errorf("store: update %s %s: %w", referralID, k, describeDiskError(err))
		}
	}
	if custom == nil {
		return nil
	}
	return db.mergeCustom(ctx, referralID, custom)
}

func (db *DB) mergeCustom(ctx context.Context, referralID string, custom map[string]string) error {
	var raw string
	if err := db.queryRow(ctx, `SELECT custom FROM referrals WHERE id = ?`, referralID).Scan(&raw); err != nil {
		return fmt.Errorf("store: custom fields of %s: %w", referralID, err)
	}
	cur := map[string]string{}
	if raw != "" && raw != "{}" {
		if err := json.Unmarshal([]byte(raw), &cur); err != nil {
			return fmt.Errorf("store: custom fields of %s: %w", referralID, err)
		}
	}
	for k, v := range custom {
		cur[k] = v
	}
	b, _ := json.Marshal(cur)
	if _, err := db.exec(ctx, `UPDATE referrals SET custom = ?, updated_at = ? WHERE id = ?`, string(b), db.Now(), referralID); err != nil {
		return fmt.Errorf("store: custom fields of %s: %w", referralID, describeDiskError(err))
	}
	return nil
}

// ReferralMatch returns one referral as the matcher sees it, with its live links.
func (db *DB) ReferralMatch(ctx context.Context, id string) (matching.Referral, error) {
	r, err := db.ReferralByID(ctx, id)
	if err != nil {
		return matching.Referral{}, err
	}
	m := r.MatchRecord()
	links, err := db.LinksOfReferral(ctx, id)
	if err != nil {
		return matching.Referral{}, err
	}
	for _, l := range links {
		if l.DeletedAt == "" {
			m.SalesforceIDs = append(m.SalesforceIDs, l.RecordID)
		}
	}
	return m, nil
}
