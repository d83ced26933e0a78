package store

import (
	"context"
	"errors"
	"testing"
)

// Rows without a referral id are found again by external id or email; a row
// refused as a conflict creates no member for its new member code.
func TestImportReferralsTwiceWithoutIDs(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	rows := func() []*Referral {
		return []*Referral{
			{ExternalID: "X1", FirstName: "Ada", LastName: "Lovelace", MemberCode: "M1"},
			{FirstName: "Bob", LastName: "Smith", Email: "Bob@Example.com", MemberCode: "M1"},
			{FirstName: "Cy", LastName: "Young", Email: "cy@example.com"},
		}
	}
	first, err := db.ImportReferrals(ctx, rows(), "import", nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range first {
		if !r.Created || r.ID == "" || r.NewMember != (i == 0) {
			t.Fatalf("first import, row %d: %+v", i, r)
		}
	}
	again := append(rows(), &Referral{FirstName: "Di", LastName: "Prince", Email: "BOB@example.com", MemberCode: "M2"})
	second, err := db.ImportReferrals(ctx, again, "import", nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range second[:3] {
		if !r.Already || r.ID != first[i].ID {
			t.Errorf("second import, row %d: %+v, want already %s", i, r, first[i].ID)
		}
	}
	if r := second[3]; !errors.Is(r.Err, ErrConflict) || r.Err.Error() != "conflict: email BOB@example.com is already used by referral "+first[1].ID+" (Bob Smith)" {
		t.Errorf("conflicting row: %+v", r)
	}
	if _, err := db.MemberByCode(ctx, DefaultProgram, "M2"); !errors.Is(err, ErrNotFound) {
		t.Errorf("the refused row's member code M2 made a member: %v", err)
	}
	var n int
	db.R.QueryRow(`SELECT count(*) FROM referrals`).Scan(&n)
	if n != 3 {
		t.Errorf("%d referrals stored, want 3", n)
	}
}
