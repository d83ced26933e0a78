package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/refsync/refsync/matching"
)

// A link written again for a record that is already linked (the push linking
// a Lead the sync linked first, a reviewer applying an already-linked entry)
// takes the upsert's DO UPDATE path. SQLite runs the triggers it fires under
// the outer statement's conflict policy (ABORT), so a trigger that relies on
// its own INSERT OR REPLACE fails with a UNIQUE constraint: every relink must
// succeed however often the record and the referrals were changed before.
func TestRelinkOfALinkedRecordSucceeds(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	var ids []string
	for i := 0; i < 2; i++ {
		r := &Referral{FirstName: fmt.Sprint("P", i), Email: fmt.Sprintf("p%d@example.com", i)}
		if err := db.CreateReferral(ctx, r, "test"); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	steps := []Link{
		{RecordID: "00Q000000000001AAA", Object: "Lead", ReferralID: ids[0], Kind: "direct"},  // the sync links first
		{RecordID: "00Q000000000001AAA", Object: "Lead", ReferralID: ids[0], Kind: "created"}, // the push links the same
		{RecordID: "00Q000000000001AAA", Object: "Lead", ReferralID: ids[1], Kind: "fuzzy"},   // moved to another referral
		{RecordID: "00Q000000000001AAA", Object: "Lead", ReferralID: ids[0], Kind: "manual", Remembered: true},
		{RecordID: "00Q000000000002AAA", Object: "Lead", ReferralID: ids[0], Kind: "direct"}, // a second record of a changed referral
	}
	for i, l := range steps {
		if err := db.LinkRecord(ctx, l); err != nil {
			t.Fatalf("step %d (%s → %s, %s): %v", i, l.RecordID, l.ReferralID, l.Kind, err)
		}
	}
	// a referral update after its links (the update trigger on referrals)
	if _, err := db.W.ExecContext(ctx, `UPDATE referrals SET company = 'Acme' WHERE id = ?`, ids[0]); err != nil {
		t.Fatal(err)
	}
	if err := db.Tx(ctx, func(tx *sql.Tx) error { return db.MarkLinkDeletedTx(ctx, tx, "00Q000000000002AAA") }); err != nil {
		t.Fatal(err)
	}
	l, err := db.LinkByRecord(ctx, "00Q000000000001AAA")
	if err != nil || l.ReferralID != ids[0] || l.Kind != "manual" {
		t.Fatalf("link after relinks = %+v, %v", l, err)
	}
	var changed int
	if err := db.R.QueryRowContext(ctx, `SELECT count(DISTINCT referral_id) FROM referral_changes WHERE referral_id IN (?, ?)`, ids[0], ids[1]).Scan(&changed); err != nil || changed != 2 {
		t.Fatalf("referrals in the change log = %d, %v (the matcher would not follow them)", changed, err)
	}
}

// TestPruneReferralChanges: the change log keeps each referral's newest row
// and the newest row of all, so a reader after any counter value still reads
// every referral changed since, and no number is given twice.
func TestPruneReferralChanges(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	var ids []string
	for i := range 3 {
		r := &Referral{FirstName: "Ann", LastName: fmt.Sprintf("Lind%d", i), Email: fmt.Sprintf("ann%d@x.io", i)}
		if err := db.CreateReferral(ctx, r, "test"); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	change := func(id, company string) int64 {
		t.Helper()
		if _, err := db.W.ExecContext(ctx, `UPDATE referrals SET company = ? WHERE id = ?`, company, id); err != nil {
			t.Fatal(err)
		}
		seq, err := db.ReferralChangeSeq(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return seq
	}
	changedAfter := func(after int64) []string {
		t.Helper()
		var got []string
		if err := db.EachChangedReferral(ctx, DefaultProgram, after, func(r matching.Referral) { got = append(got, r.ID) }); err != nil {
			t.Fatal(err)
		}
		sort.Strings(got)
		return got
	}
	start, _ := db.ReferralChangeSeq(ctx)
	change(ids[0], "A1")
	mid := change(ids[1], "B1")
	change(ids[0], "A2")
	last := change(ids[0], "A3")
	want := map[int64][]string{start: changedAfter(start), mid: changedAfter(mid), last: changedAfter(last)}
	n, err := db.PruneReferralChanges(ctx)
	if err != nil || n != 2 {
		t.Fatalf("pruned %d rows, %v; want 2 (referral 0's first two changes)", n, err)
	}
	for after, w := range want {
		if got := changedAfter(after); fmt.Sprint(got) != fmt.Sprint(w) {
			t.Errorf("changed after %d once pruned = %v, want %v", after, got, w)
		}
	}
	if seq, _ := db.ReferralChangeSeq(ctx); seq != last {
		t.Errorf("counter after the prune = %d, want %d (unchanged)", seq, last)
	}
	if next := change(ids[2], "C1"); next <= last {
		t.Errorf("counter after a new change = %d, want more than %d", next, last)
	}
}

// One outcome that cannot be recorded never holds the rest of the batch
// hostage: the others are kept, and its job ends failed with the reason
// instead of going back to the queue to fail the same way forever.
func TestFinishPushesKeepsTheBatchWhenOneOutcomeFails(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	var refs []*Referral
	for i := 0; i < 3; i++ {
		r := &Referral{FirstName: fmt.Sprint("P", i), Email: fmt.Sprintf("p%d@example.com", i)}
		if err := db.CreateReferralForPush(ctx, r, "test"); err != nil {
			t.Fatal(err)
		}
		refs = append(refs, r)
	}
	jobs, err := db.ClaimJobs(ctx, JobSFPush, 10, time.Minute)
	if err != nil || len(jobs) != 3 {
		t.Fatalf("claimed %d jobs, %v", len(jobs), err)
	}
	jobOf := map[string]int64{}
	for _, j := range jobs {
		jobOf[j.Ref] = j.ID
	}
	outs := []PushOutcome{
		{JobID: jobOf[refs[0].ID], ReferralID: refs[0].ID, State: SFCreated, Object: "Lead", RecordID: "00Q000000000001AAA", LinkKind: "created"},
		// the record's link names a referral that is not there: the link cannot be written
		{JobID: jobOf[refs[1].ID], ReferralID: refs[1].ID, State: SFCreated, Object: "Lead", RecordID: "00Q000000000002AAA", LinkKind: "created"},
		{JobID: jobOf[refs[2].ID], ReferralID: refs[2].ID, State: SFCreated, Object: "Lead", RecordID: "00Q000000000003AAA", LinkKind: "created"},
	}
	if _, err := db.W.ExecContext(ctx, `CREATE TEMP TRIGGER refuse_link BEFORE INSERT ON sf_links
		WHEN NEW.record_id = '00Q000000000002AAA' BEGIN SELECT RAISE(ABORT, 'link refused'); END`); err != nil {
		t.Fatal(err)
	}
	if err := db.FinishPushes(ctx, outs); err != nil {
		t.Fatalf("FinishPushes: %v (one bad outcome must not fail the batch)", err)
	}
	for i, want := range []string{SFCreated, SFFailed, SFCreated} {
		r, err := db.ReferralByID(ctx, refs[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		if r.SFState != want {
			t.Errorf("referral %d sf_state = %q, want %q (error %q)", i, r.SFState, want, r.SFError)
		}
		j, _ := db.JobByRef(ctx, JobSFPush, refs[i].ID)
		wantJob := JobDone
		if want == SFFailed {
			wantJob = JobFailed
			if !strings.Contains(r.SFError, "00Q000000000002AAA") || !strings.Contains(r.SFError, "link refused") {
				t.Errorf("failed referral's error %q does not name the record and the cause", r.SFError)
			}
		}
		if j.State != wantJob {
			t.Errorf("job of referral %d is %q, want %q", i, j.State, wantJob)
		}
	}
	if _, err := db.LinkByRecord(ctx, "00Q000000000003AAA"); err != nil {
		t.Errorf("the outcome after the bad one lost its link: %v", err)
	}
}
