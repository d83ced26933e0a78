package store

import (
	"context"
	"errors"
	"testing"

	"github.com/refsync/refsync/matching"
)

// In a receive transaction the new entries, their links and their status
// history are written many rows at a time, yet everything reads as if each
// had been written at once: ids follow the stored ones, a read or an update in
// the transaction sees what came before it, and a change received before is
// still refused as ErrConflict (the transaction then stores nothing).
func TestBatchedEntriesLinksAndStatusReadBack(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	ref := &Referral{FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com"}
	if err := db.CreateReferral(ctx, ref, "test"); err != nil {
		t.Fatal(err)
	}
	first := newEntry("006A", "s1", matching.EntryProcessed, "")
	if err := db.InTx(ctx, func(ctx context.Context) error { return db.InsertEntryRx(ctx, first) }); err != nil {
		t.Fatal(err)
	}
	seq0, _ := db.ReferralChangeSeq(ctx)
	b, c := newEntry("006B", "s1", matching.EntryProcessed, ""), newEntry("006C", "s1", matching.EntryReview, matching.ReasonAmbiguous)
	err := db.InTx(ctx, func(ctx context.Context) error {
		for _, e := range []*matching.Entry{b, c} {
			if err := db.InsertEntryRx(ctx, e, matching.EntryEvent{Actor: "sync", Action: "received"}); err != nil {
				return err
			}
		}
		if b.ID != first.ID+1 || c.ID != first.ID+2 {
			t.Errorf("ids %d, %d after %d, want the next two", b.ID, c.ID, first.ID)
		}
		if err := db.LinkRx(ctx, DefaultProgram, "006B", "Opportunity", ref.ID, "direct", false); err != nil {
			return err
		}
		if links, _, err := db.LinkedRecordsRx(ctx, DefaultProgram, []string{"006B"}); err != nil || links["006B"] != ref.ID {
			t.Errorf("the link made in the transaction reads back as %v, %v", links, err)
		}
		if _, changed, refusal, err := db.ApplyStatusRx(ctx, ref.ID, StatusApproved, "sync", b.ID, "", false); err != nil || !changed || refusal != "" {
			t.Errorf("apply status: changed %v, refusal %q, %v", changed, refusal, err)
		}
		c.Note = "looked at"
		if err := db.UpdateEntryRx(ctx, c); err != nil {
			return err
		}
		got, err := db.EntryByID(ctx, b.ID)
		if err != nil || got.RecordID != "006B" {
			t.Errorf("entry %d read in the transaction: %v, %v", b.ID, got, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := db.EntryByID(ctx, c.ID); err != nil || got.Note != "looked at" || got.RecordID != "006C" {
		t.Fatalf("entry %d after commit: %+v, %v", c.ID, got, err)
	}
	h, err := db.StatusHistory(ctx, ref.ID)
	if err != nil || len(h) != 2 || h[1].To != StatusApproved || h[1].EntryID != b.ID {
		t.Fatalf("status history %+v, %v: want the creation, then approved by entry %d", h, err, b.ID)
	}
	if l, err := db.LinkByRecord(ctx, "006B"); err != nil || l.ReferralID != ref.ID {
		t.Fatalf("link of 006B: %+v, %v", l, err)
	}
	if seq1, _ := db.ReferralChangeSeq(ctx); seq1 <= seq0 {
		t.Fatalf("the change counter stayed at %d after a link", seq1)
	}

	again := newEntry("006A", "s1", matching.EntryProcessed, "")
	err = db.InTx(ctx, func(ctx context.Context) error {
		if err := db.InsertEntryRx(ctx, newEntry("006D", "s1", matching.EntryProcessed, "")); err != nil {
			return err
		}
		return db.InsertEntryRx(ctx, again)
	})
	if !errors.Is(err, ErrConflict) {
		t.Fatalf("a change received before: %v, want ErrConflict", err)
	}
	if list, _, _ := db.ListEntries(ctx, EntryFilter{Limit: 100}); len(list) != 3 {
		t.Fatalf("%d entries after the refused transaction, want 3", len(list))
	}
}

// A status change and the mapped fields of the same referral are one write in
// a receive transaction; reads in the transaction and after see both.
func TestStatusAndMappedFieldsOfOneReferral(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	ref := &Referral{FirstName: "Ada", Email: "ada@example.com", Company: "Old Co"}
	other := &Referral{FirstName: "Bo", Email: "bo@example.com"}
	for _, r := range []*Referral{ref, other} {
		if err := db.CreateReferral(ctx, r, "test"); err != nil {
			t.Fatal(err)
		}
	}
	seq0, _ := db.ReferralChangeSeq(ctx)
	err := db.InTx(ctx, func(ctx context.Context) error {
		if _, _, _, err := db.ApplyStatusRx(ctx, ref.ID, StatusQualified, "sync", 0, "", false); err != nil {
			return err
		}
		if err := db.UpdateReferralFieldsRx(ctx, ref.ID, map[string]string{"amount": "1200", "company": "New Co"}); err != nil {
			return err
		}
		if err := db.UpdateReferralFieldsRx(ctx, other.ID, map[string]string{"amount": "5"}); err != nil {
			return err
		}
		if st, _, err := db.ReferralStatusRx(ctx, ref.ID); err != nil || st != StatusQualified {
			t.Errorf("status read in the transaction: %q, %v", st, err)
		}
		_, _, _, err := db.ApplyStatusRx(ctx, ref.ID, StatusApproved, "sync", 0, "", false)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.ReferralByID(ctx, ref.ID)
	if err != nil || got.Status != StatusApproved || got.Company != "New Co" || got.Amount == nil || *got.Amount != 1200 {
		t.Fatalf("referral after commit: %+v, %v", got, err)
	}
	if o, _ := db.ReferralByID(ctx, other.ID); o.Amount == nil || *o.Amount != 5 || o.Status != StatusPending {
		t.Fatalf("the other referral: %+v", o)
	}
	if seq1, _ := db.ReferralChangeSeq(ctx); seq1 <= seq0 {
		t.Fatal("a new company did not count as a change for the matcher")
	}
}
