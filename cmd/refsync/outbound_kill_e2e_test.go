//go:build e2e

package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/mail"
	"github.com/refsync/refsync/connector/outbound"
	"github.com/refsync/refsync/connector/push"
	"github.com/refsync/refsync/connector/salesforce"
	"github.com/refsync/refsync/store"
	"github.com/refsync/refsync/web/api"
	"github.com/refsync/refsync/web/hook"
)

// The kill -9 tests run one kind of outbound work in a child process (this
// test binary again, TestOutboundChild), kill it with SIGKILL while it sends,
// start it again as serve would (worker lock, every kind's claims taken
// back), and finally count: nothing lost, nothing sent twice, nothing left
// waiting out a lease after the last restart.

const (
	childKind = "REFSYNC_KILL_KIND"
	childDB   = "REFSYNC_KILL_DB"
	childURL  = "REFSYNC_KILL_URL" // emulator, webhook receiver or SMTP address
	childID   = "REFSYNC_KILL_CLIENT_ID"
	childSec  = "REFSYNC_KILL_CLIENT_SECRET"
)

// TestOutboundChild is the child process of the kill -9 tests; it does
// nothing unless the parent started it.
func TestOutboundChild(t *testing.T) {
	kind := os.Getenv(childKind)
	if kind == "" {
		t.Skip("the child of the kill -9 tests")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, os.Getenv(childDB))
	if err != nil {
		t.Fatal(err)
	}
	lock, err := db.LockWorkers("kill test child")
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	if err := reclaimJobs(ctx, db, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	childLane(t, kind, db).Start(ctx) // until killed
}

func childLane(t *testing.T, kind string, db *store.DB) *outbound.Lane {
	sf := func() *salesforce.Client {
		c, err := salesforce.New(salesforce.Config{LoginURL: os.Getenv(childURL), Auth: salesforce.AuthClientCredentials,
			ClientID: os.Getenv(childID), ClientSecret: os.Getenv(childSec), Attempts: 2, Timeout: 20 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	switch kind {
	case push.Kind:
		rules := config.DefaultPushRules()
		w := &push.Worker{Store: api.PushStore(db), SF: sf(), Batch: 20, Interval: 10 * time.Millisecond,
			Rules: func(context.Context) (config.PushRules, error) { return rules, nil }}
		return w.Lane()
	case push.StatusKind:
		targets := []config.StatusTarget{{Object: "Lead", Field: "Description"}}
		w := &push.Writeback{Store: db, SF: sf(), Batch: 20, Interval: 10 * time.Millisecond,
			Targets: func(context.Context, int64) ([]config.StatusTarget, error) { return targets, nil }}
		return w.Lane()
	case store.JobWebhook:
		d := &hook.Dispatcher{DB: db, AllowPrivate: true, Interval: 10 * time.Millisecond, Batch: 10}
		return d.Lane()
	case outbound.MailKind:
		s := &mail.Sender{Store: db, Mailer: &mail.Mailer{Addr: os.Getenv(childURL), From: "refsync@example.com", To: []string{"ops@example.com"}}}
		return s.Lane()
	}
	t.Fatalf("no kind %q", kind)
	return nil
}

// killRun starts the child for kind, kills it with SIGKILL kills times, each
// time once more jobs are done, then lets a last child finish the queue. It
// returns the jobs still pending or running 30 s after the last start
// (stranded) and how many kills landed while work was left.
func killRun(t *testing.T, kind, dbPath, url string, env []string, kills int) (stranded int) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	left := func() int {
		c, err := db.CountJobs(ctx, kind)
		if err != nil {
			t.Fatal(err)
		}
		return c[store.JobPending] + c[store.JobRunning]
	}
	start := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestOutboundChild$", "-test.count=1")
		cmd.Env = append(append(os.Environ(), childKind+"="+kind, childDB+"="+dbPath, childURL+"="+url), env...)
		cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	total := left()
	for k := range kills {
		cmd := start()
		target := total - total*(k+1)/(kills+1) // kill once this many are left
		deadline := time.Now().Add(30 * time.Second)
		for left() > target && time.Now().Before(deadline) {
			time.Sleep(2 * time.Millisecond)
		}
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		t.Logf("%s: kill %d with %d of %d jobs left", kind, k+1, left(), total)
	}
	cmd := start()
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	deadline := time.Now().Add(30 * time.Second)
	for left() > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	return left()
}

func killDB(t *testing.T) (*store.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kill.db")
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return db, path
}

// report logs and checks the counts. maxTwice is what a kill can cost by
// design: 0 for pushes (a create that may have landed is looked up before
// another is made); for a webhook or an email the one message in flight when
// the process died — the receiver got it, its success was never recorded — is
// sent again after the restart (webhook receivers de-duplicate on the
// event's id; SMTP has no way to ask), at most one per kill.
func report(t *testing.T, kind string, n, lost, twice, stranded, maxTwice int) {
	t.Helper()
	t.Logf("%s after %d kill -9: %d jobs, lost %d, twice %d, stranded %d", kind, kills, n, lost, twice, stranded)
	if lost != 0 || twice > maxTwice || stranded != 0 {
		t.Errorf("%s: lost %d, sent twice %d (at most %d), stranded %d; want none lost or stranded", kind, lost, twice, maxTwice, stranded)
	}
}

func refName(i int) string { return fmt.Sprintf("Kill%04d", i) }
