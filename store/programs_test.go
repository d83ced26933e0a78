package store

import (
	"context"
	"errors"
	"testing"
)

func TestProgramsCreateRenameArchive(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	p, err := db.CreateProgram(ctx, "  Partners ", "user:ann")
	if err != nil || p.Name != "Partners" || p.ID == DefaultProgram {
		t.Fatalf("create = %+v, %v", p, err)
	}
	for _, tc := range []struct {
		name string
		want error
	}{{"", ErrInvalid}, {"default", ErrConflict}, {"Partners", ErrConflict}} {
		if _, err := db.CreateProgram(ctx, tc.name, "x"); !errors.Is(err, tc.want) {
			t.Errorf("create %q: %v, want %v", tc.name, err, tc.want)
		}
	}
	name := "Resellers"
	if p, err = db.UpdateProgram(ctx, p.ID, ProgramChange{Name: &name}, "user:ann"); err != nil || p.Name != "Resellers" {
		t.Fatalf("rename = %+v, %v", p, err)
	}
	yes, no := true, false
	if _, err := db.UpdateProgram(ctx, DefaultProgram, ProgramChange{Archived: &yes}, "x"); !errors.Is(err, ErrInvalid) {
		t.Errorf("archiving the default: %v", err)
	}
	if _, err := db.UpdateProgram(ctx, 99, ProgramChange{Name: &name}, "x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("renaming a missing program: %v", err)
	}
	if p, err = db.UpdateProgram(ctx, p.ID, ProgramChange{Archived: &yes}, "x"); err != nil || !p.Archived() {
		t.Fatalf("archive = %+v, %v", p, err)
	}
	if ids, _ := db.ActivePrograms(ctx); len(ids) != 1 || ids[0] != DefaultProgram {
		t.Errorf("active programs = %v", ids)
	}
	if err := db.CreateReferral(ctx, &Referral{ProgramID: p.ID, Email: "a@b.c"}, "x"); !errors.Is(err, ErrInvalid) {
		t.Errorf("referral in an archived program: %v", err)
	}
	if err := db.CreateMember(ctx, &Member{ProgramID: 42, ReferralCode: "X"}); !errors.Is(err, ErrInvalid) {
		t.Errorf("member in a missing program: %v", err)
	}
	if p, err = db.UpdateProgram(ctx, p.ID, ProgramChange{Archived: &no}, "x"); err != nil || p.Archived() {
		t.Fatalf("restore = %+v, %v", p, err)
	}
	if err := db.CreateReferral(ctx, &Referral{ProgramID: p.ID, Email: "a@b.c"}, "x"); err != nil {
		t.Errorf("referral in a restored program: %v", err)
	}
	all, err := db.ListPrograms(ctx, true)
	if err != nil || len(all) != 2 || !all[0].Default || all[1].Name != "Resellers" {
		t.Errorf("list = %+v, %v", all, err)
	}
}
