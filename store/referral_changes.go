package store

import (
	"context"
	"fmt"

	"github.com/refsync/refsync/matching"
)

// Triggers (migration 0006) give a referral a new number in referral_changes
// whenever it is added, a field the matcher reads changes, or one of its
// Salesforce links is added, moved or marked deleted — whichever process,
// connection or command wrote it. A process that keeps referrals in memory
// (the matcher's index) compares ReferralChangeSeq with the number it last
// read, and reads only what changed since with EachChangedReferral.

// ReferralChangeSeq returns the change counter: the highest change number (0
// when nothing changed yet). One index lookup; it joins the context's transaction.
func (db *DB) ReferralChangeSeq(ctx context.Context) (int64, error) {
	var seq int64
	if err := db.queryRow(ctx, `SELECT coalesce(max(seq), 0) FROM referral_changes`).Scan(&seq); err != nil {
		return 0, fmt.Errorf("store: read the referral change counter: %w", err)
	}
	return seq, nil
}

// EachChangedReferral calls fn for every referral of the program changed after
// change number after, with its live Salesforce links, as EachReferral does.
func (db *DB) EachChangedReferral(ctx context.Context, programID, after int64, fn func(matching.Referral)) error {
	links := map[string][]string{}
	lrows, err := db.R.QueryContext(ctx, `SELECT l.referral_id, l.record_id FROM referral_changes c
		JOIN sf_links l ON l.referral_id = c.referral_id WHERE c.seq > ? AND l.deleted_at IS NULL`, after)
	if err != nil {
		return fmt.Errorf("store: read changed links: %w", err)
	}
	for lrows.Next() {
		var ref, rec string
		if err := lrows.Scan(&ref, &rec); err != nil {
			lrows.Close()
			return fmt.Errorf("store: read changed links: %w", err)
		}
		links[ref] = append(links[ref], rec)
	}
	lrows.Close()
	rows, err := db.R.QueryContext(ctx, `SELECT `+referralCols+referralFrom+`
		JOIN referral_changes c ON c.referral_id = r.id WHERE c.seq > ? AND r.program_id = ?`, after, programID)
	if err != nil {
		return fmt.Errorf("store: read changed referrals: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanReferral(rows)
		if err != nil {
			return fmt.Errorf("store: read changed referrals: %w", err)
		}
		mr := r.MatchRecord()
		mr.SalesforceIDs = links[r.ID]
		fn(mr)
	}
	return rows.Err()
}
