package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/sfemu"
	"github.com/refsync/refsync/store"
)

// `refsync doctor` with no flags and nothing in the environment checks the
// demo in the folder `refsync demo` uses: its database and its emulator.
func TestDoctorFindsTheDemo(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("HOME", cache)
	dir, err := demoDataDir("")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(dir, cache) {
		t.Skipf("the cache folder %s does not follow XDG_CACHE_HOME here", dir)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), filepath.Join(dir, demoDBFile))
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := os.WriteFile(filepath.Join(dir, demoOrgFile), []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	nothing := func(string) string { return "" }
	out, err := runWith(nothing, "doctor")
	if err == nil || !strings.Contains(err.Error(), "start it with `refsync demo`") {
		t.Fatalf("a demo that never ran with this version: %v\n%s", err, out)
	}
	emu, err := sfemu.Start("127.0.0.1:0", sfemu.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	cfg := &config.Config{Salesforce: config.Salesforce{LoginURL: emu.URL(), APIVersion: sfemu.APIVersion,
		ClientID: emu.Options().ClientID, ClientSecret: emu.Options().ClientSecret}}
	if err := writeDemoConn(dir, cfg); err != nil {
		t.Fatal(err)
	}
	out, err = runWith(nothing, "doctor")
	if err != nil || !strings.Contains(out, "checking the demo in "+dir) || !strings.Contains(out, "ok    connection") {
		t.Fatalf("doctor next to a demo: %v\n%s", err, out)
	}
	if st, _ := os.Stat(filepath.Join(dir, demoConnFile)); st.Mode().Perm() != 0o600 {
		t.Fatalf("%s is readable by others: %v", demoConnFile, st.Mode())
	}
	// A flag means the user chose: the demo is left alone.
	if out, _ := runWith(nothing, "doctor", "--db", filepath.Join(t.TempDir(), "x.db")); strings.Contains(out, "checking the demo") {
		t.Fatalf("doctor with --db still checked the demo:\n%s", out)
	}
}
