package store

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
	"unicode"

	"github.com/refsync/refsync/matching"
)

func newEntry(rec, stamp string, outcome matching.EntryOutcome, reason string) *matching.Entry {
	return &matching.Entry{Object: "Opportunity", RecordID: rec, Modstamp: stamp, Outcome: outcome, Reason: reason,
		Snapshot: map[string]any{"StageName": "Closed Won", "Account.Name": "Acme " + rec}}
}

func TestEntryInsertIsIdempotentPerKey(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	e := newEntry("006A", "2026-01-01T00:00:00.000+0000", matching.EntryProcessed, "")
	if err := db.InsertEntryRx(ctx, e, matching.EntryEvent{Actor: "sync", Action: "received"}); err != nil {
		t.Fatal(err)
	}
	dup := newEntry("006A", "2026-01-01T00:00:00.000+0000", matching.EntryProcessed, "")
	if err := db.InsertEntryRx(ctx, dup); !errors.Is(err, ErrConflict) {
		t.Fatalf("second insert of the same key: err = %v, want ErrConflict", err)
	}
	known, err := db.KnownEntriesRx(ctx, "Opportunity", []string{"006A", "006B"})
	if err != nil || !known[[2]string{"006A", "2026-01-01T00:00:00.000+0000"}] || len(known) != 1 {
		t.Fatalf("known = %v, %v", known, err)
	}
	got, err := db.EntryByID(ctx, e.ID)
	if err != nil || got.Snapshot["Account.Name"] != "Acme 006A" || got.Attempts != 1 {
		t.Fatalf("EntryByID = %+v, %v", got, err)
	}
	if _, err := db.EntryByID(ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing entry: %v", err)
	}
}

func TestInTxRollsBackEverything(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	boom := errors.New("boom")
	err := db.InTx(ctx, func(ctx context.Context) error {
		if err := db.InsertEntryRx(ctx, newEntry("006A", "s1", matching.EntryProcessed, "")); err != nil {
			return err
		}
		if err := db.SaveSnapshotRx(ctx, "Opportunity", "006A", "s1", map[string]any{"StageName": "x"}); err != nil {
			return err
		}
		if err := db.SetWatermarkRx(ctx, "Opportunity", "s1", 1); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	wm, _, _ := db.Watermark(ctx, "Opportunity")
	snaps, _ := db.SnapshotsRx(ctx, "Opportunity", []string{"006A"})
	list, _, _ := db.ListEntries(ctx, EntryFilter{})
	if wm != "" || len(snaps) != 0 || len(list) != 0 {
		t.Fatalf("rolled back tx left watermark %q, %d snapshots, %d entries", wm, len(snaps), len(list))
	}
}

func TestSavepointUndoesOnlyItsPart(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	err := db.InTx(ctx, func(ctx context.Context) error {
		if err := db.InsertEntryRx(ctx, newEntry("006A", "s1", matching.EntryProcessed, "")); err != nil {
			return err
		}
		serr := db.Savepoint(ctx, func(ctx context.Context) error {
			if err := db.InsertEntryRx(ctx, newEntry("006B", "s1", matching.EntryProcessed, "")); err != nil {
				return err
			}
			return errors.New("undo me")
		})
		if serr == nil {
			t.Error("savepoint error lost")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	list, _, _ := db.ListEntries(ctx, EntryFilter{})
	if len(list) != 1 || list[0].RecordID != "006A" {
		t.Fatalf("entries = %d", len(list))
	}
}

func TestListEntriesFiltersAndPages(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	for i := range 25 {
		outcome, reason := matching.EntryProcessed, ""
		if i%3 == 0 {
			outcome, reason = matching.EntryReview, matching.ReasonAmbiguous
		}
		e := newEntry(fmt.Sprintf("006%03d", i), "s", outcome, reason)
		if err := db.InsertEntryRx(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		f    EntryFilter
		want int
	}{
		{"all", EntryFilter{Limit: 1000}, 25},
		{"review", EntryFilter{Outcome: "review", Limit: 1000}, 9},
		{"reason", EntryFilter{Reason: matching.ReasonAmbiguous, Limit: 1000}, 9},
		{"object other", EntryFilter{Object: "Lead"}, 0},
		{"search record", EntryFilter{Search: "006007"}, 1},
		{"search snapshot", EntryFilter{Search: "Acme 006012"}, 1},
		{"search percent is literal", EntryFilter{Search: "%"}, 0},
		{"newer than future", EntryFilter{NewerThan: time.Now().Add(time.Hour)}, 0},
		{"older than future", EntryFilter{OlderThan: time.Now().Add(time.Hour), Limit: 1000}, 25},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := db.ListEntries(ctx, tt.f)
			if err != nil || len(got) != tt.want {
				t.Fatalf("got %d entries (err %v), want %d", len(got), err, tt.want)
			}
		})
	}
	var seen []int64
	cursor := ""
	for {
		page, next, err := db.ListEntries(ctx, EntryFilter{Limit: 10, After: cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page {
			seen = append(seen, e.ID)
		}
		if next == "" {
			break
		}
		cursor = next
	}
	if len(seen) != 25 {
		t.Fatalf("paging saw %d entries", len(seen))
	}
	for i := 1; i < len(seen); i++ {
		if seen[i] >= seen[i-1] {
			t.Fatalf("not newest first: %v", seen)
		}
	}
	back, _, err := db.ListEntries(ctx, EntryFilter{Limit: 10, Before: encodeCursor(seen[10])})
	if err != nil || len(back) != 10 || back[0].ID != seen[0] {
		t.Fatalf("Before page = %d rows (err %v)", len(back), err)
	}
	if _, _, err := db.ListEntries(ctx, EntryFilter{After: "garbage"}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("bad cursor: %v", err)
	}
}

func TestEntryHistoryAndStats(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	e := newEntry("006A", "s", matching.EntryReview, matching.ReasonNoMatch)
	if err := db.InsertEntryRx(ctx, e, matching.EntryEvent{Actor: "sync", Action: "received", Outcome: matching.EntryReview}); err != nil {
		t.Fatal(err)
	}
	e.Outcome, e.Attempts = matching.EntryDismissed, 2
	if err := db.UpdateEntryRx(ctx, e, matching.EntryEvent{Actor: "user:ann", Action: "dismiss", Detail: "spam"}); err != nil {
		t.Fatal(err)
	}
	h, err := db.EntryHistory(ctx, e.ID)
	if err != nil || len(h) != 2 || h[1].Actor != "user:ann" || h[0].Outcome != matching.EntryReview {
		t.Fatalf("history = %+v, %v", h, err)
	}
	if _, err := db.EntryHistory(ctx, 12345); !errors.Is(err, ErrNotFound) {
		t.Fatalf("history of missing entry: %v", err)
	}
	if err := db.InsertEntryRx(ctx, newEntry("006B", "s", matching.EntryReview, matching.ReasonAmbiguous)); err != nil {
		t.Fatal(err)
	}
	st, err := db.EntryStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	today := st.PerDay[len(st.PerDay)-1]
	if st.QueueSize != 1 || st.OldestReviewAt == "" || st.LastEntryAt == "" || len(st.PerDay) != StatsDays ||
		today.Outcomes["dismissed"] != 1 || today.Outcomes["review"] != 1 {
		t.Fatalf("stats = %+v", st)
	}
}

// TestSearchFindsWordsNotPhrases: the search index holds words without their
// positions (migration 0021), so a search is every word anywhere in the entry,
// the last as a prefix; a word the index's tokenizer cuts in two (New Tai Lue,
// whose vowel signs were marks in its Unicode) is looked for in the snapshot as
// written instead of failing as a phrase.
func TestSearchFindsWordsNotPhrases(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	for i, name := range []string{"Müller Bäckerei", "ᦑᦲᦟ Trading", "Robinson Müller"} {
		e := newEntry(fmt.Sprintf("006S%d", i), "s", matching.EntryProcessed, "")
		e.Snapshot["Account.Name"] = name
		if err := db.InsertEntryRx(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	for q, want := range map[string][]string{
		"muller":            {"006S0", "006S2"},
		"bäckerei müller":   {"006S0"}, // any order
		"muller robin":      {"006S2"}, // the last word a prefix
		"ᦑᦲᦟ":               {"006S1"},
		"trading ᦑᦲᦟ":       {"006S1"},
		"ᦑᦲᦟ müller":        nil,
		"robinson bäckerei": nil,
	} {
		list, _, err := db.ListEntries(ctx, EntryFilter{Search: q, Oldest: true})
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		var got []string
		for _, e := range list {
			got = append(got, e.RecordID)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("search %q = %v, want %v", q, got, want)
		}
		if n, err := db.CountEntries(ctx, EntryFilter{Search: q}); err != nil || n != len(want) {
			t.Errorf("count of search %q = %d, %v; want %d", q, n, err, len(want))
		}
	}
}

// TestIndexedWordMatchesTheTokenizer asks the search index's tokenizer about
// every letter and digit Go knows: indexedWord must refuse exactly those it
// cuts a word at (a newer SQLite or Go may move them).
func TestIndexedWordMatchesTheTokenizer(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	conn, err := db.R.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			continue
		}
		var n int
		err := conn.QueryRowContext(ctx, `SELECT count(*) FROM entries_search WHERE entries_search MATCH ?`, `"a`+string(r)+`b"`).Scan(&n)
		if cut := err != nil; cut == indexedWord("a"+string(r)+"b") {
			t.Errorf("%U %c: the tokenizer cuts a word at it: %v, but indexedWord says %v", r, r, cut, !cut)
		}
	}
}
