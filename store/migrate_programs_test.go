package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/refsync/refsync/matching"
)

// oldDatabase builds a database with today's schema before programs were
// real (migrations 0001–0005 only) and fills it the way that code did.
func oldDatabase(t *testing.T, path string) (refs []string) {
	t.Helper()
	ctx := context.Background()
	db, err := openPools(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.migrate(ctx, 5); err != nil {
		t.Fatal(err)
	}
	m := &Member{ReferralCode: "ANN1", FirstName: "Ann", Email: "ann@x.io"}
	if err := db.CreateMember(ctx, m); err != nil {
		t.Fatal(err)
	}
	for _, r := range []*Referral{
		{FirstName: "Bo", LastName: "Lind", Email: "bo@x.io", MemberCode: "ANN1"},
		{FirstName: "Cy", LastName: "Moss", Email: "cy@x.io", Status: StatusQualified},
	} {
		if err := db.CreateReferral(ctx, r, "import"); err != nil {
			t.Fatal(err)
		}
		refs = append(refs, r.ID)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.W.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`INSERT INTO entries (id, object, record_id, modstamp, snapshot, referral_id, outcome, reason, received_at, updated_at)
		VALUES (1, 'Lead', '00Q1', '2025-01-01T00:00:00.000+0000', '{"Email":"bo@x.io"}', ?, 'processed', '', '2025-01-01T00:00:01Z', '2025-01-01T00:00:01Z'),
		       (2, 'Opportunity', '006A', '2025-01-02T00:00:00.000+0000', '{"StageName":"Closed Won","Account.Name":"Zanzibar Ltd"}', '', 'review', 'no_match', '2025-01-02T00:00:01Z', '2025-01-02T00:00:01Z')`, refs[0])
	exec(`INSERT INTO entry_history (entry_id, actor, action, outcome, created_at) VALUES (1, 'sync', 'received', 'processed', 'x'), (2, 'sync', 'received', 'review', 'x')`)
	exec(`INSERT INTO entries_search (rowid, body) VALUES (2, 'closed won zanzibar')`)
	exec(`INSERT INTO sf_links (record_id, object, referral_id, kind, remembered, created_at) VALUES ('00Q1', 'Lead', ?, 'direct', 1, 'x')`, refs[0])
	exec(`INSERT INTO settings (program_id, body, actor, created_at) VALUES (1, '{"objects":["Lead"]}', 'admin', 'x')`)
	return refs
}

func TestMigrateProgramsKeepsOldData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	refs := oldDatabase(t, path)
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("open the old database with this build: %v", err)
	}
	defer db.Close()

	for _, id := range refs {
		r, err := db.ReferralByID(ctx, id)
		if err != nil || r.ProgramID != DefaultProgram {
			t.Fatalf("referral %s after the upgrade: %+v, %v", id, r, err)
		}
	}
	if r, _ := db.ReferralByID(ctx, refs[1]); r.Status != StatusQualified {
		t.Errorf("status lost: %s", r.Status)
	}
	if h, err := db.StatusHistory(ctx, refs[0]); err != nil || len(h) != 1 {
		t.Errorf("status history = %v, %v", h, err)
	}
	for id, want := range map[int64]matching.EntryOutcome{1: matching.EntryProcessed, 2: matching.EntryReview} {
		e, err := db.EntryByID(ctx, id)
		if err != nil || e.Outcome != want || e.ProgramID != DefaultProgram {
			t.Fatalf("entry %d after the upgrade: %+v, %v", id, e, err)
		}
		if h, err := db.EntryHistory(ctx, id); err != nil || len(h) != 1 {
			t.Errorf("entry %d history = %v, %v", id, h, err)
		}
	}
	if list, _, err := db.ListEntries(ctx, EntryFilter{Search: "zanzibar"}); err != nil || len(list) != 1 || list[0].ID != 2 {
		t.Errorf("search after the upgrade = %v, %v", list, err)
	}
	// Migration 0021 rebuilt the search index from the entries: entry 1, which
	// the old index never held, is found by its snapshot.
	if list, _, err := db.ListEntries(ctx, EntryFilter{Search: "bo x io"}); err != nil || len(list) != 1 || list[0].ID != 1 {
		t.Errorf("search for an entry the old index lacked = %v, %v", list, err)
	}
	if l, err := db.LinkByRecord(ctx, "00Q1"); err != nil || l.ReferralID != refs[0] || !l.Remembered {
		t.Errorf("link after the upgrade = %+v, %v", l, err)
	}
	if body, _, err := db.CurrentSettings(ctx, DefaultProgram); err != nil || string(body) != `{"objects":["Lead"]}` {
		t.Errorf("settings after the upgrade = %s, %v", body, err)
	}
	if list, _, err := db.ListEntries(ctx, EntryFilter{ProgramID: DefaultProgram, Outcome: "review"}); err != nil || len(list) != 1 {
		t.Errorf("default program's queue = %v, %v", list, err)
	}

	// The keys now include the program: the same change and the same record
	// can belong to a second program too.
	p, err := db.CreateProgram(ctx, "Partners", "admin")
	if err != nil {
		t.Fatal(err)
	}
	other := &Referral{ProgramID: p.ID, FirstName: "Bo", Email: "bo@x.io"}
	if err := db.CreateReferral(ctx, other, "test"); err != nil {
		t.Fatalf("same email in another program: %v", err)
	}
	err = db.InTx(ctx, func(ctx context.Context) error {
		e := &matching.Entry{ProgramID: p.ID, Object: "Lead", RecordID: "00Q1", Modstamp: "2025-01-01T00:00:00.000+0000", Outcome: matching.EntryIgnored}
		if err := db.InsertEntryRx(ctx, e); err != nil {
			return err
		}
		if err := db.LinkRx(ctx, p.ID, "00Q1", "Lead", other.ID, "fuzzy", false); err != nil {
			return err
		}
		dup := &matching.Entry{ProgramID: p.ID, Object: "Lead", RecordID: "00Q1", Modstamp: "2025-01-01T00:00:00.000+0000", Outcome: matching.EntryIgnored}
		if err := db.InsertEntryRx(ctx, dup); !errors.Is(err, ErrConflict) {
			t.Errorf("the same change twice in one program: %v, want ErrConflict", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for prog, want := range map[int64]string{DefaultProgram: refs[0], p.ID: other.ID} {
		err := db.InTx(ctx, func(ctx context.Context) error {
			got, _, err := db.LinkedRecordsRx(ctx, prog, []string{"00Q1"})
			if err == nil && got["00Q1"] != want {
				t.Errorf("program %d: 00Q1 linked to %q, want %q", prog, got["00Q1"], want)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := db.foreignKeyViolations(t); n != 0 {
		t.Errorf("%d foreign key violations after the upgrade", n)
	}
}

func (db *DB) foreignKeyViolations(t *testing.T) int {
	rows, err := db.R.Query(`PRAGMA foreign_key_check`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	return n
}
