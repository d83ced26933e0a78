package outbound_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/refsync/refsync/connector/outbound"
	"github.com/refsync/refsync/store"
)

// While the database's disk is full a lane claims and sends nothing (each
// send's outcome could not be recorded, so it would go again after its lease);
// with room again it goes on.
func TestLaneWaitsOnAFullDisk(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "lane.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.EnqueueJob(ctx, "test", "fine"); err != nil {
		t.Fatal(err)
	}
	var pages int
	db.W.QueryRow(`PRAGMA page_count`).Scan(&pages)
	if _, err := db.W.Exec(fmt.Sprintf(`PRAGMA max_page_count = %d`, pages)); err != nil {
		t.Fatal(err)
	}
	for i := 0; db.DiskFull().IsZero(); i++ {
		_ = db.CreateReferral(ctx, &store.Referral{LastName: fmt.Sprint("Full", i), Company: strings.Repeat("c", 250)}, "test")
		if i > 10000 {
			t.Fatal("the capped database never filled")
		}
	}
	k := &flaky{tried: map[string]int{}}
	l := &outbound.Lane{Queue: db, Kind: k}
	if n, err := l.RunOnce(ctx); n != 0 || err != nil || len(k.tried) != 0 {
		t.Fatalf("on a full disk: claimed %d (%v), sent %v; want nothing touched", n, err, k.tried)
	}
	if _, err := db.W.Exec(`PRAGMA max_page_count = 1000000`); err != nil {
		t.Fatal(err)
	}
	if n, err := l.RunOnce(ctx); n != 1 || err != nil || k.tried["fine"] != 1 {
		t.Fatalf("with room again: claimed %d (%v), sent %v; want the job sent", n, err, k.tried)
	}
}
