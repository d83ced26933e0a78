package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/refsync/refsync/store"
)

// `demo --reset` while another demo runs on the same folder refuses before it
// throws anything away: the running demo keeps its database and org file.
func TestDemoResetRefusesWhileAnotherDemoRuns(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{demoDBFile, demoOrgFile, demoCredsFile} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("in use"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	lock, err := store.LockWorkersAt(filepath.Join(dir, demoDBFile), "refsync demo")
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	out, err := runWith(func(string) string { return "" }, "demo", "--reset", "--data", dir, "--addr", "127.0.0.1:0")
	if err == nil || !strings.Contains(err.Error(), "another demo uses") {
		t.Fatalf("demo --reset beside a running demo: %v\n%s", err, out)
	}
	for _, name := range []string{demoDBFile, demoOrgFile, demoCredsFile} {
		if b, err := os.ReadFile(filepath.Join(dir, name)); err != nil || string(b) != "in use" {
			t.Errorf("%s was thrown away or changed under the running demo: %q, %v", name, b, err)
		}
	}
}
