package store

import (
	"context"
	"fmt"
	"testing"
)

// A page's status changes and mapped fields of many referrals are written
// many referrals per statement, yet the guards see every change made before
// them in the transaction (an older event is refused, a second change starts
// from the first), and every referral ends as if each had been written at once.
func TestManyReferralsChangedInOneReceiveTransaction(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	refs := make([]*Referral, 250)
	for i := range refs {
		refs[i] = &Referral{FirstName: fmt.Sprint("P", i), Email: fmt.Sprintf("p%d@example.com", i)}
		if err := db.CreateReferral(ctx, refs[i], "test"); err != nil {
			t.Fatal(err)
		}
	}
	err := db.InTx(ctx, func(ctx context.Context) error {
		for i, r := range refs {
			if _, changed, _, err := db.ApplyStatusRx(ctx, r.ID, StatusQualified, "sync", 0, "2026-05-02T00:00:00Z", false); err != nil || !changed {
				return fmt.Errorf("referral %d: changed %v, %v", i, changed, err)
			}
			if i%3 == 0 { // another set of columns
				if err := db.UpdateReferralFieldsRx(ctx, r.ID, map[string]string{"amount": fmt.Sprint(i)}); err != nil {
					return err
				}
			}
		}
		if _, changed, refusal, err := db.ApplyStatusRx(ctx, refs[7].ID, StatusApproved, "sync", 0, "2026-05-01T00:00:00Z", false); err != nil ||
			changed || refusal != ReasonStaleEvent {
			t.Errorf("an older event after the transaction's own: changed %v, refusal %q, %v", changed, refusal, err)
		}
		if from, changed, _, err := db.ApplyStatusRx(ctx, refs[8].ID, StatusApproved, "sync", 0, "2026-05-03T00:00:00Z", false); err != nil ||
			!changed || from != StatusQualified {
			t.Errorf("a second change: from %q, changed %v, %v", from, changed, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range refs {
		got, err := db.ReferralByID(ctx, r.ID)
		want := StatusQualified
		if i == 8 {
			want = StatusApproved
		}
		if err != nil || got.Status != want || (i%3 == 0) != (got.Amount != nil) || (got.Amount != nil && *got.Amount != float64(i)) {
			t.Fatalf("referral %d after commit: %+v, %v", i, got, err)
		}
	}
	if h, _ := db.StatusHistory(ctx, refs[8].ID); len(h) != 3 || h[2].From != StatusQualified || h[2].To != StatusApproved {
		t.Fatalf("status history of the referral changed twice: %+v", h)
	}
}

// Statuses read ahead for a page stay true to the transaction: after its own
// changes are written, and after another statement writes referrals.
func TestStatusesReadAheadFollowTheTransaction(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	a, b := &Referral{FirstName: "A", Email: "a@example.com"}, &Referral{FirstName: "B", Email: "b@example.com"}
	for _, r := range []*Referral{a, b} {
		if err := db.CreateReferral(ctx, r, "test"); err != nil {
			t.Fatal(err)
		}
	}
	err := db.InTx(ctx, func(ctx context.Context) error {
		if err := db.ReadStatusesRx(ctx, []string{a.ID, b.ID, "ref_nobody"}); err != nil {
			return err
		}
		if _, _, _, err := db.ApplyStatusRx(ctx, a.ID, StatusQualified, "sync", 0, "", false); err != nil {
			return err
		}
		if _, err := db.MarkDeletedRx(ctx, "006X"); err != nil { // names sf_links: the waiting UPDATE is written
			return err
		}
		if _, err := db.exec(ctx, `UPDATE referrals SET status = 'denied' WHERE id = ?`, b.ID); err != nil {
			return err
		}
		if from, _, _, err := db.ApplyStatusRx(ctx, a.ID, StatusApproved, "sync", 0, "", false); err != nil || from != StatusQualified {
			t.Errorf("a's second change starts from %q, %v", from, err)
		}
		if from, changed, refusal, err := db.ApplyStatusRx(ctx, b.ID, StatusApproved, "sync", 0, "", false); err != nil || from != StatusDenied || changed {
			t.Errorf("b, denied by another statement: from %q, changed %v, refusal %q, %v", from, changed, refusal, err)
		}
		if _, _, _, err := db.ApplyStatusRx(ctx, "ref_nobody", StatusApproved, "sync", 0, "", false); !db.NotFound(err) {
			t.Errorf("a referral that does not exist: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := db.ReferralByID(ctx, a.ID); got.Status != StatusApproved {
		t.Fatalf("a after commit: %s", got.Status)
	}
}
