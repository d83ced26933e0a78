package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/refsync/refsync/matching"
)

// ApplyStatusRx asks for referralID to become `to` through the status guards
// inside InTx's transaction, through the same write path as SetReferralStatusTx
// (changeStatus), on the transaction's prepared statements. refusal is
// the guard's reason code (status_final, denied_override, stale_event,
// status_backwards) when the change is refused; changed is false when the
// referral already had that status.
func (db *DB) ApplyStatusRx(ctx context.Context, referralID, to, actor string, entryID int64, eventAt string, override bool) (from string, changed bool, refusal string, err error) {
	if rxFrom(ctx) == nil {
		err = db.InTx(ctx, func(ctx context.Context) error {
			var e error
			from, changed, refusal, e = db.ApplyStatusRx(ctx, referralID, to, actor, entryID, eventAt, override)
			return e
		})
		return from, changed, refusal, err
	}
	from, changed, err = db.changeStatus(ctx, StatusChange{ReferralID: referralID, To: to, Actor: actor, EntryID: entryID,
		EventAt: eventAt, Override: override})
	var te *TransitionError
	if errors.As(err, &te) {
		return from, false, te.Code, nil
	}
	return from, changed, "", err
}

// CreateReferralRx creates a referral from what the receiver knows (its ID
// chosen by the caller) in the program, under memberID, inside InTx's transaction.
func (db *DB) CreateReferralRx(ctx context.Context, programID int64, m matching.Referral, memberID, actor string) error {
	ref := &Referral{ID: m.ID, ProgramID: programID, MemberID: memberID, ExternalID: m.ExternalID, FirstName: m.FirstName, LastName: m.LastName,
		Email: m.Email, Phone: m.Phone, Company: m.Company, Street: m.Street, City: m.City, State: m.State, PostalCode: m.PostalCode}
	if r := rxFrom(ctx); r != nil {
		return db.CreateReferralTx(ctx, r.tx, ref, actor)
	}
	return db.CreateReferral(ctx, ref, actor)
}

// UpdateReferralFieldsRx writes mapped Salesforce values onto a referral:
// "amount" (a number), "currency" (the amount's ISO code), "company", and
// "custom.NAME" custom fields, in one statement: when it fails, nothing of it is written.
func (db *DB) UpdateReferralFieldsRx(ctx context.Context, referralID string, fields map[string]string) error {
	if len(fields) == 0 {
		return nil
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys) // one statement text per set of fields
	var set []string
	var args []any
	var custom map[string]string
	for _, k := range keys {
		v := fields[k]
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
			set, args = append(set, "amount = ?"), append(args, amount)
		case k == "currency":
			set, args = append(set, "currency = ?"), append(args, v)
		case k == "company":
			set, args = append(set, "company = ?"), append(args, v)
		case isCustom:
			if custom == nil {
				custom = map[string]string{}
			}
			custom[name] = v
		default:
			return fmt.Errorf("store: update %s: %w: field %q is not amount, currency, company or custom.NAME", referralID, ErrInvalid, k)
		}
	}
	if custom != nil {
		merged, err := db.mergeCustom(ctx, referralID, custom)
		if err != nil {
			return err
		}
		set, args = append(set, "custom = ?"), append(args, merged)
	}
	set, args = append(set, "updated_at = ?"), append(args, db.Now())
	var err error
	if custom == nil {
		err = db.updateReferral(ctx, referralID, set, args) // in InTx's transaction: with the page's others (rx_referral.go)
	} else {
		_, err = db.exec(ctx, `UPDATE referrals SET `+strings.Join(set, ", ")+` WHERE id = ?`, append(args, referralID)...)
	}
	if err != nil {
		return fmt.Errorf("store: update %s %s: %w", referralID, strings.Join(keys, ", "), describeDiskError(err))
	}
	return nil
}

// mergeCustom returns the referral's custom fields with custom written over them, as stored.
func (db *DB) mergeCustom(ctx context.Context, referralID string, custom map[string]string) (string, error) {
	var raw string
	if err := db.queryRow(ctx, `SELECT custom FROM referrals WHERE id = ?`, referralID).Scan(&raw); err != nil {
		return "", fmt.Errorf("store: custom fields of %s: %w", referralID, err)
	}
	cur := map[string]string{}
	if raw != "" && raw != "{}" {
		if err := json.Unmarshal([]byte(raw), &cur); err != nil {
			return "", fmt.Errorf("store: custom fields of %s: %w", referralID, err)
		}
	}
	for k, v := range custom {
		cur[k] = v
	}
	b, _ := json.Marshal(cur)
	return string(b), nil
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

// LinkedRecordsRx returns, for those of ids that are linked in the program
// (and not deleted), the referral each is linked to, and which links a person
// chose to remember.
func (db *DB) LinkedRecordsRx(ctx context.Context, programID int64, ids []string) (referral map[string]string, remembered map[string]bool, err error) {
	referral, remembered = map[string]string{}, map[string]bool{}
	rows, err := db.query(ctx, `SELECT record_id, referral_id, remembered FROM sf_links
		WHERE program_id = ? AND deleted_at IS NULL AND record_id IN (SELECT value FROM json_each(?))`, programID, jsonList(ids))
	if err != nil {
		return nil, nil, fmt.Errorf("store: read links: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var rec, ref string
		var rem bool
		if err := rows.Scan(&rec, &ref, &rem); err != nil {
			return nil, nil, fmt.Errorf("store: read links: %w", err)
		}
		referral[rec] = ref
		if rem {
			remembered[rec] = true
		}
	}
	return referral, remembered, rows.Err()
}

// LinkRx links a Salesforce record to a referral of program programID (see
// LinkRecordTx: a remembered link is only replaced by another remembered
// one); in InTx's transaction the link is written with the page's others (see
// addRow). The caller names the referral's program: looking it up for every
// link cost more than the rest of the link.
func (db *DB) LinkRx(ctx context.Context, programID int64, recordID, object, referralID, kind string, remembered bool) error {
	err := db.addRow(ctx, linkRows, recordID, programID, object, referralID, kind, remembered, db.Now())
	if err != nil {
		return fmt.Errorf("store: link %s %s to %s: %w", object, recordID, referralID, err) // addRow described a full disk
	}
	return nil
}

// MarkDeletedRx marks the link of a record deleted in Salesforce; linked says whether it had one.
func (db *DB) MarkDeletedRx(ctx context.Context, recordID string) (linked bool, err error) {
	res, err := db.exec(ctx, `UPDATE sf_links SET deleted_at = ? WHERE record_id = ? AND deleted_at IS NULL`, db.Now(), recordID)
	if err != nil {
		return false, fmt.Errorf("store: mark link %s deleted: %w", recordID, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// MemberIDRx finds a member of the program by kind (member_code,
// member_email or member_external_id) and value; ok is false when none has it.
func (db *DB) MemberIDRx(ctx context.Context, programID int64, kind, value string) (id string, ok bool, err error) {
	col := map[string]string{"member_code": "referral_code", "member_email": "email_norm", "member_external_id": "external_id"}[kind]
	if col == "" {
		return "", false, fmt.Errorf("store: find member: %w: kind %q", ErrInvalid, kind)
	}
	if kind == "member_email" {
		value = NormEmail(value)
	}
	value = strings.TrimSpace(value)
	if value == "" {
		return "", false, nil
	}
	err = db.queryRow(ctx, `SELECT id FROM members WHERE program_id = ? AND `+col+` = ?`, programID, value).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("store: find member: %w", err)
	}
	return id, true, nil
}

// ReferralStatusRx returns a referral's status; ok is false when there is no such referral.
func (db *DB) ReferralStatusRx(ctx context.Context, referralID string) (status string, ok bool, err error) {
	status, _, err = db.statusOf(ctx, referralID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("store: status of %s: %w", referralID, err)
	}
	return status, true, nil
}
