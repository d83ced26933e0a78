//go:build e2e

package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/refsync/refsync/connector/sfemu"
)

// TestImportWhileServingLeavesNoPushStuck imports 3,000 referrals into a
// running `refsync serve` whose sync polls Leads every second, so the sync
// and the push link the same new Leads in either order. Every referral must
// reach Salesforce and no push job may be left sending or failing for good.
func TestImportWhileServingLeavesNoPushStuck(t *testing.T) {
	w := newE2E(t, sfemu.Options{})
	w.emu.SetLatency(20 * time.Millisecond) // the push's create answers after the records exist
	cmd := w.command("serve", "--addr", "127.0.0.1:0")
	cmd.Env = append(cmd.Env, "REFSYNC_POLL_INTERVAL=1s")
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	if line, _ := bufio.NewReader(stdout).ReadString('\n'); !strings.Contains(line, "serving on") {
		t.Fatalf("serve said %q", line)
	}
	const n = 3000
	var b strings.Builder
	b.WriteString("first_name,last_name,email,company\n")
	for i := range n {
		fmt.Fprintf(&b, "Ima,Racer%d,racer%d@example.com,Race Co %d\n", i, i, i)
	}
	csv := filepath.Join(t.TempDir(), "referrals.csv")
	if err := os.WriteFile(csv, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := w.command("import", "referrals", csv).CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	states := func() map[string]int {
		rows, err := w.db.R.Query(`SELECT sf_state, count(*) FROM referrals GROUP BY sf_state`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		got := map[string]int{}
		for rows.Next() {
			var s string
			var c int
			rows.Scan(&s, &c)
			got[s] = c
		}
		return got
	}
	deadline := time.Now().Add(150 * time.Second)
	for states()["created"] < n && time.Now().Before(deadline) {
		time.Sleep(500 * time.Millisecond)
	}
	time.Sleep(2 * time.Second) // a few more polls link what the pushes made
	got := states()
	var jobs, failed int
	w.db.R.QueryRow(`SELECT count(*), count(*) FILTER (WHERE state = 'failed') FROM jobs WHERE kind = 'sf_push' AND state != 'done'`).Scan(&jobs, &failed)
	var sfErr string
	w.db.R.QueryRow(`SELECT coalesce(max(sf_error), '') FROM referrals WHERE sf_state != 'created'`).Scan(&sfErr)
	t.Logf("referral push states after the import: %v; unfinished push jobs %d (failed %d)", got, jobs, failed)
	if got["created"] != n || jobs != 0 {
		t.Fatalf("%d of %d referrals reached Salesforce, %d push jobs unfinished (%d failed); states %v; an error: %s",
			got["created"], n, jobs, failed, got, sfErr)
	}
	var leads int
	w.db.R.QueryRow(`SELECT count(DISTINCT record_id) FROM sf_links WHERE object = 'Lead' AND deleted_at IS NULL`).Scan(&leads)
	if leads != n {
		t.Errorf("%d Leads linked, want %d", leads, n)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("serve did not stop cleanly: %v", err)
	}
}
