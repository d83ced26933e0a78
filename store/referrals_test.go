package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestCreateReferralConflictsAndMember(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	m := &Member{ReferralCode: "M1", Email: "m@example.com", FirstName: "Mia"}
	if err := db.CreateMember(ctx, m); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateMember(ctx, &Member{ReferralCode: "M1"}); !errors.Is(err, ErrConflict) {
		t.Fatalf("duplicate member code: %v", err)
	}
	r := &Referral{FirstName: "Bo", Email: "Bo@Example.com", ExternalID: "X1", MemberCode: "M1"}
	if err := db.CreateReferral(ctx, r, "test"); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(r.ID, "ref_") || len(r.ID) != 20 || r.MemberID != m.ID {
		t.Fatalf("referral id %q member %q", r.ID, r.MemberID)
	}
	cases := []struct {
		name string
		r    Referral
		want error
		msg  string
	}{
		{"same email other case", Referral{FirstName: "X", Email: "bo@example.COM"}, ErrConflict, "email"},
		{"same external id", Referral{FirstName: "X", ExternalID: "X1"}, ErrConflict, "external id"},
		{"unknown member", Referral{FirstName: "X", MemberCode: "nope"}, ErrInvalid, "member code"},
		{"empty", Referral{}, ErrInvalid, "at least"},
		{"bad status", Referral{FirstName: "X", Status: "won"}, ErrInvalid, "status"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := db.CreateReferral(ctx, &c.r, "test")
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.msg) {
				t.Fatalf("got %v, want %v mentioning %q", err, c.want, c.msg)
			}
		})
	}
	got, err := db.ReferralByEmail(ctx, DefaultProgram, "BO@example.com")
	if err != nil || got.ID != r.ID || got.MemberCode != "M1" {
		t.Fatalf("by email: %v %+v", err, got)
	}
	if _, err := db.ReferralByID(ctx, "ref_missing"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing: %v", err)
	}
}

// Pages never skip nor repeat rows while other rows are being inserted.
func TestKeysetPagingWhileInserting(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	for i := 0; i < 250; i++ {
		if err := db.CreateReferral(ctx, &Referral{FirstName: fmt.Sprint("p", i), Email: fmt.Sprintf("p%d@x.com", i)}, "test"); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]int{}
	cursor, added := "", 0
	for page := 0; ; page++ {
		rows, next, err := db.ListReferrals(ctx, ReferralFilter{After: cursor, Limit: 17})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			seen[r.ID]++
		}
		if next == "" {
			break
		}
		// insert between pages, as a concurrent writer would
		for j := 0; j < 3 && added < 60; j++ {
			added++
			if err := db.CreateReferral(ctx, &Referral{FirstName: "late", Email: fmt.Sprintf("late%d@x.com", added)}, "test"); err != nil {
				t.Fatal(err)
			}
		}
		cursor = next
	}
	for id, n := range seen {
		if n != 1 {
			t.Fatalf("%s seen %d times", id, n)
		}
	}
	if len(seen) != 250+added {
		t.Fatalf("saw %d rows, want %d (250 + %d inserted while paging)", len(seen), 250+added, added)
	}
	if _, _, err := db.ListReferrals(ctx, ReferralFilter{After: "garbage"}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("bad cursor: %v", err)
	}
}

// Eight writers at once, through one pool and through separate handles on the
// same file (as separate processes would), never see "database is locked".
func TestConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "refsync.db")
	first, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	handles := []*DB{first}
	for i := 1; i < 4; i++ {
		h, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer h.Close()
		handles = append(handles, h)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8*50)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			db := handles[w%len(handles)]
			for i := 0; i < 50; i++ {
				r := &Referral{FirstName: "w", Email: fmt.Sprintf("w%d-%d@x.com", w, i)}
				if err := db.CreateReferral(ctx, r, "test"); err != nil {
					errs <- err
					continue
				}
				if _, _, err := db.SetReferralStatus(ctx, StatusChange{ReferralID: r.ID, To: StatusQualified, Actor: "test"}); err != nil {
					errs <- err
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	var n int
	first.R.QueryRow(`SELECT count(*) FROM referrals WHERE status = 'qualified'`).Scan(&n)
	if n != 400 {
		t.Fatalf("qualified referrals = %d, want 400", n)
	}
}
