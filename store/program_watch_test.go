package store

import (
	"context"
	"errors"
	"testing"

	"github.com/refsync/refsync/matching"
)

func TestNewProgramStartsOffUntilSavedAndSwitchedOn(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	p, err := db.CreateProgram(ctx, "Partners", "user:ann")
	if err != nil {
		t.Fatal(err)
	}
	if p.Watching() {
		t.Fatal("a new program watches Salesforce at once")
	}
	if ids, _ := db.ActivePrograms(ctx); len(ids) != 1 || ids[0] != DefaultProgram {
		t.Fatalf("the receiver would evaluate programs %v, want only the default", ids)
	}
	on, off := true, false
	if _, err := db.UpdateProgram(ctx, p.ID, ProgramChange{Watching: &on}, "user:ann"); !errors.Is(err, ErrInvalid) {
		t.Fatalf("switching on without saved settings: %v, want ErrInvalid", err)
	}
	if _, err := db.SaveSettings(ctx, p.ID, []byte(`{}`), "user:ann"); err != nil {
		t.Fatal(err)
	}
	if p, err = db.UpdateProgram(ctx, p.ID, ProgramChange{Watching: &on}, "user:ann"); err != nil || !p.Watching() {
		t.Fatalf("switch on = %+v, %v", p, err)
	}
	if ids, _ := db.ActivePrograms(ctx); len(ids) != 2 {
		t.Fatalf("active programs after switching on: %v", ids)
	}
	if _, err := db.UpdateProgram(ctx, DefaultProgram, ProgramChange{Watching: &off}, "x"); !errors.Is(err, ErrInvalid) {
		t.Errorf("switching the default program off: %v", err)
	}
	if p, err = db.UpdateProgram(ctx, p.ID, ProgramChange{Watching: &off}, "user:ann"); err != nil || p.Watching() {
		t.Fatalf("switch off = %+v, %v", p, err)
	}
}

func TestChangesSinceCountsEachChangeOnce(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	for _, e := range []*matching.Entry{
		{Object: "Lead", RecordID: "00Q1", Modstamp: "2026-01-01T00:00:00Z", Outcome: matching.EntryIgnored},
		{Object: "Lead", RecordID: "00Q1", Modstamp: "2026-01-02T00:00:00Z", Outcome: matching.EntryIgnored},
		{Object: "Contact", RecordID: "0031", Modstamp: "2026-01-02T00:00:00Z", Outcome: matching.EntryIgnored},
	} {
		if err := db.InTx(ctx, func(ctx context.Context) error {
			return db.InsertEntryRx(ctx, e, matching.EntryEvent{Actor: "sync", Action: "received", Outcome: e.Outcome})
		}); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := db.ChangesSince(ctx, []string{"Lead", "Opportunity"}, "2000-01-01"); err != nil || n != 2 {
		t.Errorf("Lead changes = %d, %v; want 2", n, err)
	}
	if n, _ := db.ChangesSince(ctx, []string{"Lead"}, "2999-01-01"); n != 0 {
		t.Errorf("changes in the future = %d", n)
	}
}
