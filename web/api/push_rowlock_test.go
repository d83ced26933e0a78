package api

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/store"
)

// UNABLE_TO_LOCK_ROW refuses two of five Leads on the first try: those two
// wait and are created on the next run — one Lead each, none failed for good.
func TestPushRetriesARowLock(t *testing.T) {
	ctx := context.Background()
	db, o := openDB(t), newOrg(t)
	now := time.Now()
	db.SetClock(func() time.Time { return now })
	ids := addPeople(t, db, "Locked", 5)
	o.srv.LockRowsOnce("Lead", 2)
	w := newWorker(db, o.sf, config.DefaultPushRules())
	w.Now = func() time.Time { return now }
	if _, err := w.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	waiting := 0
	for _, id := range ids {
		r, _ := db.ReferralByID(ctx, id)
		if r.SFState == store.SFFailed {
			t.Fatalf("referral %s failed for good on a row lock: %s", id, r.SFError)
		}
		if r.SFState != store.SFCreated {
			waiting++
		}
	}
	if waiting != 2 {
		t.Fatalf("%d referrals wait, want the 2 locked ones", waiting)
	}
	now = now.Add(2 * time.Minute) // past the first backoff
	if n, err := w.RunOnce(ctx); err != nil || n != 2 {
		t.Fatalf("retry run = %d, %v", n, err)
	}
	for _, id := range ids {
		r, _ := db.ReferralByID(ctx, id)
		if leads := leadsWithReferral(o, id); len(leads) != 1 || r.SFState != store.SFCreated {
			t.Fatalf("referral %s: %d Leads, state %q", id, len(leads), r.SFState)
		}
	}
}

// addPeople stores n referrals named name0, name1, … with their push jobs and returns their ids.
func addPeople(t testing.TB, db *store.DB, name string, n int) []string {
	t.Helper()
	var ids []string
	for i := range n {
		ids = append(ids, addReferral(t, db, &store.Referral{FirstName: "P", LastName: fmt.Sprint(name, i),
			Email: fmt.Sprintf("%s%d@example.com", strings.ToLower(name), i)}).ID)
	}
	return ids
}
