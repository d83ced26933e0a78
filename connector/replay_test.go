package connector_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/refsync/refsync/connector"
	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// After the fix is saved, replaying it on the entries its preview showed
// approves the deals won meanwhile, with the settings version in the history;
// the denied referral goes to review as a live entry would; a second replay
// of the same version does nothing.
func TestReplayAppliesTheSavedVersion(t *testing.T) {
	w := newPastWorld(t, "")
	w.seed(3)
	if _, _, err := w.db.SetReferralStatus(w.ctx, store.StatusChange{ReferralID: w.refs[2], To: store.StatusDenied, Actor: "user:a", Manual: true}); err != nil {
		t.Fatal(err)
	}
	v := w.save(wonDraft())
	p, err := w.rc.PreviewVersion(w.ctx, v, time.Now().Add(-time.Hour), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Entries) != 3 {
		t.Fatalf("preview of version %d: %d changed entries, want 3", v, len(p.Entries))
	}
	job, err := w.db.CreateReplayJob(w.ctx, v, p.Entries, "user:admin@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.rc.RunReplay(w.ctx, job.ID); err != nil {
		t.Fatal(err)
	}
	actor := fmt.Sprintf("replay:settings v%d", v)
	for _, id := range w.refs[:2] {
		h, _ := w.db.StatusHistory(w.ctx, id)
		if w.status(id) != "approved" || len(h) == 0 || h[len(h)-1].Actor != actor {
			t.Errorf("referral %s: status %s, history %+v; want approved by %q", id, w.status(id), h, actor)
		}
	}
	if got := w.status(w.refs[2]); got != "denied" {
		t.Errorf("denied referral became %s", got)
	}
	denied, _ := w.db.EntryByID(w.ctx, p.Entries[2])
	if denied.Outcome != matching.EntryReview || denied.Reason != matching.ReasonDeniedOverride {
		t.Errorf("the denied referral's entry: %s %s, want review denied_override", denied.Outcome, denied.Reason)
	}
	j, _ := w.db.ReplayJob(w.ctx, job.ID)
	if j.State != "done" || j.Done != 3 || j.Outcomes["processed"] != 2 || j.Outcomes["review"] != 1 {
		t.Errorf("job %+v: want done, 3 replayed (2 processed, 1 review)", j)
	}
	again, err := w.db.CreateReplayJob(w.ctx, v, p.Entries, "user:admin@example.com")
	if err != nil || again.Total != 0 || again.State != "done" {
		t.Fatalf("second replay of version %d: %+v, %v; want nothing queued", v, again, err)
	}
	for _, id := range p.Entries {
		if n := w.entryEvents(id, "replay"); n != 1 {
			t.Errorf("entry %d replayed %d times", id, n)
		}
	}
}

// TestReplaySurvivesKill kills a replay with SIGKILL in the middle, then
// resumes it: every entry is replayed exactly once, none is skipped.
func TestReplaySurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds 1500 deals")
	}
	path := filepath.Join(t.TempDir(), "refsync.db")
	w := newPastWorld(t, path)
	w.seed(1500)
	v := w.save(wonDraft())
	p, err := w.rc.PreviewVersion(w.ctx, v, time.Now().Add(-time.Hour), 0)
	if err != nil {
		t.Fatal(err)
	}
	job, err := w.db.CreateReplayJob(w.ctx, v, p.Entries, "user:admin@example.com")
	if err != nil || job.Total != 1500 {
		t.Fatalf("job %+v, %v", job, err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestReplayChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "REFSYNC_REPLAY_CHILD="+path+"|"+strconv.FormatInt(job.ID, 10))
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for {
		j, err := w.db.ReplayJob(w.ctx, job.ID)
		if err != nil {
			t.Fatal(err)
		}
		if j.Done > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the replay did not start: %s", out.String())
		}
		time.Sleep(time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	mid, _ := w.db.ReplayJob(w.ctx, job.ID)
	if mid.Done == 0 || mid.Done >= mid.Total || mid.State != "running" {
		t.Fatalf("after kill -9: %d of %d replayed, state %s; want a job stopped midway (%s)", mid.Done, mid.Total, mid.State, out.String())
	}
	t.Logf("killed after %d of %d entries", mid.Done, mid.Total)
	if err := w.receiver().ResumeReplays(w.ctx); err != nil {
		t.Fatal(err)
	}
	end, _ := w.db.ReplayJob(w.ctx, job.ID)
	if end.State != "done" || end.Done != 1500 || end.Outcomes["processed"] != 1500 {
		t.Fatalf("after resuming: %+v; want all 1500 replayed and processed", end)
	}
	var twice, approvals int
	w.db.R.QueryRow(`SELECT count(*) FROM (SELECT entry_id FROM entry_history WHERE action = 'replay' GROUP BY entry_id HAVING count(*) <> 1)`).Scan(&twice)
	w.db.R.QueryRow(`SELECT count(DISTINCT referral_id) FROM referral_status_history WHERE to_status = 'approved' AND actor = ?`, connector.ReplayActor(v)).Scan(&approvals)
	var rows int
	w.db.R.QueryRow(`SELECT count(*) FROM referral_status_history WHERE to_status = 'approved'`).Scan(&rows)
	if twice != 0 || approvals != 1500 || rows != 1500 {
		t.Fatalf("%d entries replayed other than once; %d referrals approved in %d history rows; want 0, 1500, 1500", twice, approvals, rows)
	}
}

// TestReplayChild is the process TestReplaySurvivesKill kills.
func TestReplayChild(t *testing.T) {
	arg := os.Getenv("REFSYNC_REPLAY_CHILD")
	if arg == "" {
		t.Skip("run by TestReplaySurvivesKill")
	}
	path, id, _ := strings.Cut(arg, "|")
	job, _ := strconv.ParseInt(id, 10, 64)
	w := newPastWorld(t, path)
	if err := w.rc.RunReplay(context.Background(), job); err != nil {
		t.Fatal(err)
	}
}
