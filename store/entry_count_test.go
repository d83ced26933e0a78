package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/refsync/refsync/matching"
)

func TestCountSortAndHashSearch(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	for i := range 7 {
		if err := db.InsertEntryRx(ctx, newEntry(fmt.Sprintf("006%03d", i), "s", matching.EntryReview, matching.ReasonNoMatch)); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := db.CountEntries(ctx, EntryFilter{Outcome: "review", Limit: 2}); err != nil || n != 7 {
		t.Fatalf("count = %d, %v; want 7", n, err)
	}
	var ids []int64
	f := EntryFilter{Oldest: true, Limit: 3}
	for range 5 {
		page, next, err := db.ListEntries(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page {
			ids = append(ids, e.ID)
		}
		if next == "" {
			break
		}
		f.After = next
	}
	if len(ids) != 7 || ids[0] != 1 || ids[6] != 7 {
		t.Fatalf("oldest first, paged by 3: %v", ids)
	}
	prev, _, err := db.ListEntries(ctx, EntryFilter{Oldest: true, Limit: 3, Before: encodeCursor(4)})
	if err != nil || len(prev) != 3 || prev[0].ID != 1 || prev[2].ID != 3 {
		t.Fatalf("the page before entry 4, oldest first: %v %v", prev, err)
	}
	got, _, err := db.ListEntries(ctx, EntryFilter{Search: "#5"})
	if err != nil || len(got) != 1 || got[0].ID != 5 {
		t.Fatalf(`search "#5": %v %v`, got, err)
	}
}

func TestReferralSearchFullName(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	r := &Referral{FirstName: "Katherine", LastName: "Van der Berg", Email: "kvdb@example.com"}
	if err := db.CreateReferral(ctx, r, "test"); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"Katherine Van der Berg", "katherine van der", "Van der Berg, Katherine", "Van der Berg Katherine", "Van der"} {
		got, _, err := db.ListReferrals(ctx, ReferralFilter{Search: q})
		if err != nil || len(got) != 1 {
			t.Errorf("search %q found %d (%v)", q, len(got), err)
		}
	}
	if got, _, _ := db.ListReferrals(ctx, ReferralFilter{Search: "Katherine Smith"}); len(got) != 0 {
		t.Errorf("another surname matched")
	}
}
