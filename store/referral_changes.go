package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/refsync/refsync/matching"
)

// A process that keeps referrals in memory (the matcher's index) must see
// what other processes and commands write (an import while serve runs). New
// referrals are found by their insertion number (referrals.seq, which only
// grows); triggers (migration 0006) give a referral a new number in
// referral_changes when a field the matcher reads changes or one of its
// Salesforce links is added, moved or marked deleted: a row appended to the
// change log (migration 0022; PruneReferralChanges keeps it short).
// ReferralChangeSeq packs both into one counter; EachChangedReferral reads
// what changed after a value.

// seqBits is how many low bits of the counter hold the highest referrals.seq.
const seqBits = 32

// ReferralChangeSeq returns the change counter (0 when there are no
// referrals): it grows whenever a referral is added or changed. Two index
// lookups; it joins the context's transaction.
func (db *DB) ReferralChangeSeq(ctx context.Context) (int64, error) {
	var changed, added int64
	err := db.queryRow(ctx, `SELECT coalesce((SELECT max(seq) FROM referral_changes), 0), coalesce((SELECT max(seq) FROM referrals), 0)`).
		Scan(&changed, &added)
	if err != nil {
		return 0, fmt.Errorf("store: read the referral change counter: %w", err)
	}
	return changed<<seqBits | added, nil
}

// changedSince is the ids of referrals added or changed after counter value ?1 / ?2.
const changedSince = `WITH changed(id) AS (SELECT id FROM referrals WHERE seq > ? UNION SELECT referral_id FROM referral_changes WHERE seq > ?)`

// EachChangedReferral calls fn for every referral of the program added or
// changed after the counter value after, with its live Salesforce links, as
// EachReferral does.
func (db *DB) EachChangedReferral(ctx context.Context, programID, after int64, fn func(matching.Referral)) error {
	added, changed := after&(1<<seqBits-1), after>>seqBits
	links, err := db.linksOf(ctx, changedSince+` SELECT l.referral_id, l.record_id FROM changed c
		JOIN sf_links l ON l.referral_id = c.id WHERE l.deleted_at IS NULL`, added, changed)
	if err != nil {
		return err
	}
	rows, err := db.R.QueryContext(ctx, changedSince+` SELECT `+matchCols+referralFrom+`
		JOIN changed c ON c.id = r.id WHERE r.program_id = ?`, added, changed, programID)
	if err != nil {
		return fmt.Errorf("store: read changed referrals: %w", err)
	}
	return eachMatchRecord(rows, links, fn)
}

// EachReferral calls fn for every referral of the program with its live
// Salesforce links, for building the matcher's index.
func (db *DB) EachReferral(ctx context.Context, programID int64, fn func(matching.Referral)) error {
	links, err := db.linksOf(ctx, `SELECT referral_id, record_id FROM sf_links WHERE program_id = ? AND deleted_at IS NULL`, programID)
	if err != nil {
		return err
	}
	rows, err := db.R.QueryContext(ctx, `SELECT `+matchCols+referralFrom+` WHERE r.program_id = ?`, programID)
	if err != nil {
		return fmt.Errorf("store: read referrals: %w", err)
	}
	return eachMatchRecord(rows, links, fn)
}

// CountReferrals returns how many referrals the program has (the matcher's
// index makes room for them before it loads them).
func (db *DB) CountReferrals(ctx context.Context, programID int64) (int, error) {
	var n int
	if err := db.R.QueryRowContext(ctx, `SELECT count(*) FROM referrals WHERE program_id = ?`, programID).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count referrals: %w", err)
	}
	return n, nil
}

// matchCols are the columns of a referral the matcher reads (Referral.MatchRecord).
const matchCols = `r.id, r.program_id, r.external_id, r.first_name, r.last_name, r.email, r.phone, r.company,
	r.street, r.city, r.state, r.postal_code, coalesce(m.referral_code, '')`

// eachMatchRecord calls fn for each row of matchCols with its links, and closes rows.
func eachMatchRecord(rows *sql.Rows, links map[string][]string, fn func(matching.Referral)) error {
	defer rows.Close()
	for rows.Next() {
		var m matching.Referral
		if err := rows.Scan(&m.ID, &m.ProgramID, &m.ExternalID, &m.FirstName, &m.LastName, &m.Email, &m.Phone, &m.Company,
			&m.Street, &m.City, &m.State, &m.PostalCode, &m.MemberCode); err != nil {
			return fmt.Errorf("store: read referrals: %w", err)
		}
		m.SalesforceIDs = links[m.ID]
		fn(m)
	}
	return rows.Err()
}

// linksOf reads (referral id, record id) rows into the record ids of each referral.
func (db *DB) linksOf(ctx context.Context, query string, args ...any) (map[string][]string, error) {
	rows, err := db.R.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: read links: %w", err)
	}
	defer rows.Close()
	links := map[string][]string{}
	for rows.Next() {
		var ref, rec string
		if err := rows.Scan(&ref, &rec); err != nil {
			return nil, fmt.Errorf("store: read links: %w", err)
		}
		links[ref] = append(links[ref], rec)
	}
	return links, rows.Err()
}

// PruneReferralChanges deletes the rows of the referral change log that a
// newer row of the same referral makes redundant (a reader after either
// number reads the referral anyway) and returns how many. The newest row is
// never deleted, so a change number is never given twice.
func (db *DB) PruneReferralChanges(ctx context.Context) (int64, error) {
	res, err := db.W.ExecContext(ctx, `DELETE FROM referral_changes
		WHERE seq NOT IN (SELECT max(seq) FROM referral_changes GROUP BY referral_id)`)
	if err != nil {
		return 0, fmt.Errorf("store: prune the referral change log: %w", describeDiskError(err))
	}
	return res.RowsAffected()
}
