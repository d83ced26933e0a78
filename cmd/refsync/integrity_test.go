package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/refsync/refsync/store"
)

// A database with pages overwritten mid-file: serve refuses to start and
// doctor fails its database check, both saying what to do.
func TestServeAndDoctorNoticeDamage(t *testing.T) {
	_, dbPath, getenv := emuEnv(t)
	ctx := context.Background()
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 1500; i++ {
		if err := db.CreateReferral(ctx, &store.Referral{LastName: fmt.Sprint("D", i), Company: strings.Repeat("c", 100)}, "test"); err != nil {
			t.Fatal(err)
		}
	}
	db.W.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	db.Close()
	f, _ := os.OpenFile(dbPath, os.O_RDWR, 0)
	st, _ := f.Stat()
	for off := st.Size() * 3 / 4; off+4096 < st.Size(); off += 8 * 4096 {
		f.WriteAt([]byte(strings.Repeat("\xde\xad\xbe\xef", 1024)), off)
	}
	f.Close()

	out, err := runWith(getenv, "doctor")
	if err == nil || !strings.Contains(out, "FAIL  database") || !strings.Contains(out, "backup") {
		t.Fatalf("doctor on a damaged database: %v\n%s", err, out)
	}
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	var buf syncBuffer
	err = run(sctx, &Env{Stdin: strings.NewReader(""), Stdout: &buf, Stderr: &buf, Getenv: getenv}, []string{"serve", "--addr", "127.0.0.1:0"})
	if !errors.Is(err, store.ErrCorrupt) || sctx.Err() != nil {
		t.Fatalf("serve on a damaged database: %v (%s), want refused at start with ErrCorrupt", err, buf.String())
	}
}
