package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/sfemu"
	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// TestDemoFirstSyncHasEveryKind seeds a demo and runs one sync against the
// emulator over HTTP: entries must be processed by direct, fuzzy and member
// match, and the queue must hold several reasons.
func TestDemoFirstSyncHasEveryKind(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	emu, err := sfemu.Start("127.0.0.1:0", sfemu.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	if _, err := seedDemo(ctx, db, emu, 8, sfemu.Generate(8, 700), 30); err != nil {
		t.Fatal(err)
	}
	eff := emu.Options()
	cfg := config.Default()
	cfg.Salesforce = config.Salesforce{LoginURL: emu.URL(), Auth: config.AuthClientCredentials, APIVersion: sfemu.APIVersion,
		ClientID: eff.ClientID, ClientSecret: eff.ClientSecret}
	rc, _, err := newReceiver(cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rc.SyncOnce(ctx, "", time.Time{}); err != nil {
		t.Fatal(err)
	}
	methods, reasons := map[string]int{}, map[string]int{}
	for _, outcome := range []string{"processed", "review"} {
		for _, e := range listAllEntries(t, db, outcome) {
			if outcome == "processed" {
				methods[string(e.Method)]++
			} else {
				reasons[e.Reason]++
			}
		}
	}
	for _, m := range []string{"direct", "fuzzy", "member"} {
		if methods[m] == 0 {
			t.Errorf("no entry processed by %s match: %v", m, methods)
		}
	}
	for _, r := range []string{"no_match", "member_not_found", "denied_override"} {
		if reasons[r] == 0 {
			t.Errorf("no entry in review for %s: %v", r, reasons)
		}
	}
	if reasons["low_confidence"]+reasons["ambiguous"] == 0 {
		t.Errorf("no uncertain fuzzy match in review: %v", reasons)
	}
}

func listAllEntries(t *testing.T, db *store.DB, outcome string) []*matching.Entry {
	t.Helper()
	var all []*matching.Entry
	cursor := ""
	for {
		rows, next, err := db.ListEntries(context.Background(), store.EntryFilter{Outcome: outcome, After: cursor, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, rows...)
		if next == "" {
			return all
		}
		cursor = next
	}
}

// lockedBuffer is an io.Writer safe for the demo's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var tokenLine = regexp.MustCompile(`(?m)^API token: (\S+)$`)

// runDemoUntilReady runs `refsync demo args…` until it prints its API token,
// then stops it as Ctrl-C does and returns what it printed.
func runDemoUntilReady(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, errOut := &lockedBuffer{}, &lockedBuffer{}
	env := &Env{Stdin: strings.NewReader(""), Stdout: out, Stderr: errOut, Getenv: func(string) string { return "" }}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, env, append([]string{"demo", "--addr", "127.0.0.1:0", "--people", "80"}, args...))
	}()
	for !tokenLine.MatchString(out.String()) {
		select {
		case err := <-done:
			t.Fatalf("demo ended before it was ready: %v\n%s\n%s", err, out, errOut)
		case <-time.After(10 * time.Millisecond):
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("demo stopped with %v\n%s", err, errOut)
	}
	return out.String()
}

func TestDemoContinuesAndResets(t *testing.T) {
	dir := t.TempDir()
	token := func(out string) string { return tokenLine.FindStringSubmatch(out)[1] }
	first := runDemoUntilReady(t, "--data", dir)
	if !strings.Contains(first, "Creating a new demo") || !strings.HasPrefix(token(first), "rsk_") {
		t.Fatalf("first run:\n%s", first)
	}
	again := runDemoUntilReady(t, "--data", dir)
	if !strings.Contains(again, "Continuing the demo") || token(again) != token(first) {
		t.Fatalf("second run did not continue with the same token:\n%s", again)
	}
	admin := regexp.MustCompile(`(?m)^Admin login: .*$`)
	if admin.FindString(again) != admin.FindString(first) {
		t.Errorf("admin login changed: %q then %q", admin.FindString(first), admin.FindString(again))
	}
	reset := runDemoUntilReady(t, "--data", dir, "--reset")
	if !strings.Contains(reset, "Creating a new demo") || token(reset) == token(first) {
		t.Fatalf("--reset did not start over:\n%s", reset)
	}
	if err := os.Remove(filepath.Join(dir, demoOrgFile)); err != nil {
		t.Fatal(err)
	}
	broken := runDemoUntilReady(t, "--data", dir)
	if !strings.Contains(broken, "incomplete") || token(broken) == token(reset) {
		t.Fatalf("a demo without its org file did not start over:\n%s", broken)
	}
}

func TestDemoAddressInUseStopsEverything(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var out, errOut lockedBuffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
	err = run(context.Background(), env, []string{"demo", "--addr", ln.Addr().String(), "--people", "40", "--data", t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "--addr") {
		t.Fatalf("demo on a busy address returned %v, want an error that suggests another --addr", err)
	}
}
