//go:build e2e

package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/refsync/refsync/connector/sfemu"
	"github.com/refsync/refsync/store"
)

// e2eWorld is the real refsync binary against an in-process emulator.
type e2eWorld struct {
	bin, dbPath string
	emu         *sfemu.Server
	db          *store.DB
	env         []string
}

func newE2E(t *testing.T, opts sfemu.Options) *e2eWorld {
	t.Helper()
	dir := t.TempDir()
	w := &e2eWorld{bin: filepath.Join(dir, "refsync"), dbPath: filepath.Join(dir, "refsync.db")}
	if out, err := exec.Command("go", "build", "-o", w.bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	var err error
	if w.emu, err = sfemu.Start("127.0.0.1:0", opts); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.emu.Close() })
	if w.db, err = store.Open(context.Background(), w.dbPath); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.db.Close() })
	o := w.emu.Options()
	w.env = append(os.Environ(), "REFSYNC_DB="+w.dbPath, "REFSYNC_SF_LOGIN_URL="+w.emu.URL(), "REFSYNC_SF_AUTH=client_credentials",
		"REFSYNC_SF_CLIENT_ID="+o.ClientID, "REFSYNC_SF_CLIENT_SECRET="+o.ClientSecret)
	return w
}

// deals makes n referrals and n Opportunities in stage, each naming its referral.
func (w *e2eWorld) deals(t *testing.T, n int, stage string) (refs, opps []string) {
	ctx := context.Background()
	for i := range n {
		r := &store.Referral{FirstName: "E", LastName: fmt.Sprintf("Two%d", i), Email: fmt.Sprintf("e2e%d@example.com", i)}
		if err := w.db.CreateReferral(ctx, r, "test"); err != nil {
			t.Fatal(err)
		}
		id, err := w.emu.Insert("Opportunity", map[string]any{"Name": "D", "CloseDate": "2026-12-31", "StageName": stage, "Referral_ID__c": r.ID})
		if err != nil {
			t.Fatal(err)
		}
		refs, opps = append(refs, r.ID), append(opps, id)
	}
	return refs, opps
}

func (w *e2eWorld) command(args ...string) *exec.Cmd {
	c := exec.Command(w.bin, args...)
	c.Env = w.env
	return c
}

func (w *e2eWorld) entries(t *testing.T) int {
	var n int
	if err := w.db.R.QueryRow(`SELECT count(*) FROM entries`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (w *e2eWorld) approvals(t *testing.T, ref string) int {
	var n int
	if err := w.db.R.QueryRow(`SELECT count(*) FROM referral_status_history WHERE referral_id = ? AND to_status = 'approved'`, ref).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSIGKILLMidSync kills `refsync sync --once` with SIGKILL in the middle of
// a sync; the restarted sync loses nothing and applies nothing twice.
func TestSIGKILLMidSync(t *testing.T) {
	w := newE2E(t, sfemu.Options{PageSize: 25})
	const n = 400
	refs, _ := w.deals(t, n, "Closed Won")
	w.emu.SetLatency(30 * time.Millisecond)
	cmd := w.command("sync", "--once", "--object", "Opportunity", "--since", "2000-01-01")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for w.entries(t) < 50 {
		if time.Now().After(deadline) {
			t.Fatal("the sync stored nothing in 60s")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	partial := w.entries(t)
	t.Logf("killed after %d of %d entries", partial, n)
	if partial >= n {
		t.Fatalf("the sync finished before the kill (%d entries); slow the emulator down", partial)
	}
	w.emu.SetLatency(0)
	for range 2 {
		if out, err := w.command("sync", "--once", "--object", "Opportunity").CombinedOutput(); err != nil {
			t.Fatalf("restarted sync: %v\n%s", err, out)
		}
	}
	if got := w.entries(t); got != n {
		t.Fatalf("entries = %d after restart, want %d (one per change)", got, n)
	}
	for i, ref := range refs {
		if a := w.approvals(t, ref); a != 1 {
			t.Fatalf("referral %d approved %d times", i, a)
		}
	}
	// The rows written in batches at the end of a page: one history line per entry, one snapshot per record.
	var badHistory, snapshots int
	w.db.R.QueryRow(`SELECT count(*) FROM entries e WHERE (SELECT count(*) FROM entry_history h WHERE h.entry_id = e.id) <> 1`).Scan(&badHistory)
	w.db.R.QueryRow(`SELECT count(*) FROM record_snapshots WHERE object = 'Opportunity'`).Scan(&snapshots)
	if badHistory != 0 || snapshots != n {
		t.Fatalf("%d entries without exactly one history line; %d record snapshots, want %d", badHistory, snapshots, n)
	}
}

// TestServeAppliesWithinPollInterval runs `refsync serve` with a 5 s poll
// interval and measures how long a stage change takes to be applied.
func TestServeAppliesWithinPollInterval(t *testing.T) {
	w := newE2E(t, sfemu.Options{})
	refs, opps := w.deals(t, 5, "Prospecting")
	cmd := w.command("serve", "--addr", "127.0.0.1:0")
	cmd.Env = append(cmd.Env, "REFSYNC_POLL_INTERVAL=5s")
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if !strings.Contains(line, "serving on") {
		t.Fatalf("serve said %q", line)
	}
	ctx := context.Background()
	for {
		st, _ := w.db.SyncState(ctx, "Opportunity")
		if st.LastSuccessAt != "" {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	var worst time.Duration
	for i := range opps {
		time.Sleep(time.Duration(700*i+300) * time.Millisecond) // land at different points of the interval
		changed := time.Now()
		if err := w.emu.Update("Opportunity", opps[i], map[string]any{"StageName": "Closed Won"}); err != nil {
			t.Fatal(err)
		}
		for {
			r, _ := w.db.ReferralByID(ctx, refs[i])
			if r.Status == "approved" {
				break
			}
			if time.Since(changed) > 30*time.Second {
				t.Fatalf("change %d not applied in 30s", i)
			}
			time.Sleep(20 * time.Millisecond)
		}
		lat := time.Since(changed)
		worst = max(worst, lat)
		t.Logf("change %d applied after %s", i, lat.Round(time.Millisecond))
	}
	t.Logf("worst latency with a 5s poll interval: %s (target 7s)", worst.Round(time.Millisecond))
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("serve did not stop cleanly on SIGTERM: %v", err)
	}
}
