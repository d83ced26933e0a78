package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/refsync/refsync/matching"
)

// History lines gathered in a receive transaction are all stored at commit,
// in order; those added inside a savepoint that fails are not, the others are.
func TestBatchedHistoryAndSavepoints(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	e := &matching.Entry{Object: "Lead", RecordID: "00Q1", Modstamp: "2026-01-01T00:00:00.000Z", Outcome: matching.EntryReview}
	err := db.InTx(ctx, func(ctx context.Context) error {
		if err := db.InsertEntryRx(ctx, e, matching.EntryEvent{Actor: "sync", Action: "received"}); err != nil {
			return err
		}
		for _, a := range []string{"one", "two"} {
			if err := db.AddEntryEventRx(ctx, e.ID, matching.EntryEvent{Actor: "sync", Action: a}); err != nil {
				return err
			}
		}
		failed := db.Savepoint(ctx, func(ctx context.Context) error {
			if err := db.AddEntryEventRx(ctx, e.ID, matching.EntryEvent{Actor: "sync", Action: "undone"}); err != nil {
				return err
			}
			return errors.New("no")
		})
		if failed == nil {
			t.Error("the savepoint's error was lost")
		}
		if err := db.Savepoint(ctx, func(ctx context.Context) error {
			return db.AddEntryEventRx(ctx, e.ID, matching.EntryEvent{Actor: "sync", Action: "kept"})
		}); err != nil {
			return err
		}
		if h, err := db.EntryHistory(ctx, e.ID); err != nil || len(h) != 4 { // a read in the transaction sees every line
			t.Errorf("history read inside the transaction: %d lines, %v", len(h), err)
		}
		return db.AddEntryEventRx(ctx, e.ID, matching.EntryEvent{Actor: "sync", Action: "last"})
	})
	if err != nil {
		t.Fatal(err)
	}
	h, err := db.EntryHistory(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ev := range h {
		got = append(got, ev.Action)
	}
	if want := "received one two kept last"; strings.Join(got, " ") != want {
		t.Fatalf("history %q, want %q", strings.Join(got, " "), want)
	}
}
