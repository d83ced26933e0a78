package main

import (
	"context"
	"database/sql"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/refsync/refsync/store"
)

// startServe runs `refsync serve` in the background until the test ends and
// waits until it serves; it returns the output.
func startServe(t *testing.T, getenv func(string) string) *syncBuffer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out, Getenv: getenv}
		done <- run(ctx, env, []string{"serve", "--addr", freeAddr(t)})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(40 * time.Second):
			t.Error("serve did not stop")
		}
	})
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(out.String(), "serving on") {
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start: %s", out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	return &out
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// A second `refsync serve` on the same database refuses to start, saying which
// process holds it and what to do, instead of running every worker twice —
// also when it reaches the database through a symbolic link to the file or
// to its folder (the lock belongs to the real file, not to the name).
func TestSecondServeOnOneDatabaseRefuses(t *testing.T) {
	_, dbPath, getenv := emuEnv(t)
	startServe(t, getenv)
	links := t.TempDir()
	fileLink, dirLink := filepath.Join(links, "link.db"), filepath.Join(links, "folder")
	if err := os.Symlink(dbPath, fileLink); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if err := os.Symlink(filepath.Dir(dbPath), dirLink); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{dbPath, fileLink, filepath.Join(dirLink, filepath.Base(dbPath))} {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		var out syncBuffer
		env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out, Getenv: func(k string) string {
			if k == "REFSYNC_DB" {
				return path
			}
			return getenv(k)
		}}
		err := run(ctx, env, []string{"serve", "--addr", freeAddr(t)})
		if err == nil || ctx.Err() != nil {
			cancel()
			t.Fatalf("a second serve through %s started (err %v): %s", path, err, out.String())
		}
		cancel()
		for _, want := range []string{"another refsync", "refsync serve, process", "stop it first"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("through %s: message %q does not say %q", path, err, want)
			}
		}
	}
}

// Push jobs a crashed process had claimed are taken back when serve starts,
// not after their 10-minute lease.
func TestServeTakesBackPushJobsOfACrashedProcess(t *testing.T) {
	emu, dbPath, getenv := emuEnv(t)
	ctx := context.Background()
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	r := &store.Referral{FirstName: "Cara", LastName: "Crash", Email: "cara@crash.example"}
	err = db.Tx(ctx, func(tx *sql.Tx) error {
		if err := db.CreateReferralTx(ctx, tx, r, "test"); err != nil {
			return err
		}
		return db.EnqueueJobTx(ctx, tx, store.JobSFPush, r.ID)
	})
	if err != nil {
		t.Fatal(err)
	}
	if jobs, err := db.ClaimJobs(ctx, store.JobSFPush, 10, 10*time.Minute); err != nil || len(jobs) != 1 {
		t.Fatalf("claim: %v %v", jobs, err)
	}
	db.Close() // the process dies holding the claim
	startServe(t, getenv)
	db, err = store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	deadline := time.Now().Add(20 * time.Second)
	for {
		got, err := db.ReferralByID(ctx, r.ID)
		if err == nil && got.SFState == store.SFCreated {
			break
		}
		if time.Now().After(deadline) {
			j, _ := db.JobByRef(ctx, store.JobSFPush, r.ID)
			t.Fatalf("the claimed push was not taken back: referral %+v, job %+v", got.SFState, j)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if n := len(emu.Records("Lead")); n != 1 {
		t.Fatalf("%d Leads, want 1", n)
	}
}

// `serve --wait` waits for the serve holding the database to stop, then starts.
func TestServeWaitStartsWhenTheOtherStops(t *testing.T) {
	_, _, getenv := emuEnv(t)
	ctx1, stop1 := context.WithCancel(context.Background())
	var out1 syncBuffer
	done1 := make(chan error, 1)
	go func() {
		done1 <- run(ctx1, &Env{Stdin: strings.NewReader(""), Stdout: &out1, Stderr: &out1, Getenv: getenv}, []string{"serve", "--addr", freeAddr(t)})
	}()
	for deadline := time.Now().Add(20 * time.Second); !strings.Contains(out1.String(), "serving on"); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("first serve did not start: %s", out1.String())
		}
	}
	var out2 syncBuffer
	ctx2, stop2 := context.WithCancel(context.Background())
	defer stop2()
	done2 := make(chan error, 1)
	go func() {
		done2 <- run(ctx2, &Env{Stdin: strings.NewReader(""), Stdout: &out2, Stderr: &out2, Getenv: getenv}, []string{"serve", "--wait", "--addr", freeAddr(t)})
	}()
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(out2.String(), "waiting: another refsync"); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("second serve does not say it waits: %s", out2.String())
		}
	}
	stop1()
	<-done1
	for deadline := time.Now().Add(20 * time.Second); !strings.Contains(out2.String(), "serving on"); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("second serve did not start after the first stopped: %s", out2.String())
		}
	}
	stop2()
	if err := <-done2; err != nil {
		t.Fatalf("second serve: %v", err)
	}
}
