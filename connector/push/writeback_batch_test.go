package push_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/push"
	"github.com/refsync/refsync/connector/salesforce"
	"github.com/refsync/refsync/connector/sfemu"
	"github.com/refsync/refsync/store"
)

// wbOrg is an emulated org, a client on it and a database with n referrals,
// each linked to its own Lead.
type wbOrg struct {
	emu   *sfemu.Server
	sf    *salesforce.Client
	db    *store.DB
	refs  []string
	leads []string
}

func newWBOrg(t testing.TB, n int) *wbOrg {
	t.Helper()
	ctx := context.Background()
	emu, err := sfemu.Start("127.0.0.1:0", sfemu.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	sf, err := salesforce.New(salesforce.Config{LoginURL: emu.URL(), Auth: salesforce.AuthClientCredentials,
		ClientID: emu.Options().ClientID, ClientSecret: emu.Options().ClientSecret, Attempts: 2, Timeout: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, t.TempDir()+"/w.db")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	o := &wbOrg{emu: emu, sf: sf, db: db}
	for i := range n {
		r := &store.Referral{FirstName: "W", LastName: fmt.Sprint("Back", i), Email: fmt.Sprintf("w%d@back.example", i)}
		if err := db.CreateReferral(ctx, r, "test"); err != nil {
			t.Fatal(err)
		}
		lead, err := emu.Insert("Lead", map[string]any{"LastName": r.LastName, "Company": "B", "Email": r.Email})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.LinkRecord(ctx, store.Link{RecordID: lead, Object: "Lead", ReferralID: r.ID, Kind: "created"}); err != nil {
			t.Fatal(err)
		}
		o.refs, o.leads = append(o.refs, r.ID), append(o.leads, lead)
	}
	return o
}

func (o *wbOrg) writeback() *push.Writeback {
	targets := []config.StatusTarget{{Object: "Lead", Field: "Description"}}
	return &push.Writeback{Store: o.db, SF: o.sf, BackoffBase: time.Millisecond,
		Targets: func(context.Context, int64) ([]config.StatusTarget, error) { return targets, nil }}
}

func (o *wbOrg) qualifyAll(t testing.TB) {
	t.Helper()
	for _, id := range o.refs {
		if _, _, err := o.db.SetReferralStatus(context.Background(), store.StatusChange{ReferralID: id, To: store.StatusQualified, Actor: "test", Manual: true}); err != nil {
			t.Fatal(err)
		}
	}
}

// 1,000 status changes go out in calls of 200 records (5 calls, not 1,000).
func TestStatusWritebackBatchesTwoHundredPerCall(t *testing.T) {
	o := newWBOrg(t, 1000)
	o.qualifyAll(t)
	o.emu.ResetUsage()
	if n, err := o.writeback().RunOnce(context.Background()); err != nil || n != 1000 {
		t.Fatalf("run = %d, %v", n, err)
	}
	calls := o.emu.APICalls()
	t.Logf("API calls per 1,000 status changes: %d", calls)
	if calls > 6 { // 5 collections of 200, plus at most a login
		t.Fatalf("%d API calls for 1,000 status changes, want at most 6", calls)
	}
	for i, lead := range o.leads {
		if got := o.emu.Get("Lead", lead)["Description"]; got != "qualified" {
			t.Fatalf("Lead %d Description = %v, want qualified", i, got)
		}
	}
}

// A row lock refuses some records on the first try: those are written on the
// next, the others are not written twice, and nothing fails for good.
func TestStatusWritebackRetriesARowLock(t *testing.T) {
	ctx := context.Background()
	o := newWBOrg(t, 5)
	o.qualifyAll(t)
	o.emu.LockRowsOnce("Lead", 2)
	w := o.writeback()
	if _, err := w.RunOnce(ctx); err == nil {
		t.Fatal("a row lock reported no error")
	}
	locked := 0
	for _, id := range o.refs {
		j, err := o.db.JobByRef(ctx, store.JobSFStatus, id)
		if err != nil {
			t.Fatal(err)
		}
		switch j.State {
		case store.JobPending:
			locked++
		case store.JobFailed:
			t.Fatalf("job of %s failed for good on a row lock: %s", id, j.LastError)
		}
	}
	if locked != 2 {
		t.Fatalf("%d jobs wait for a retry, want the 2 locked ones", locked)
	}
	time.Sleep(5 * time.Millisecond) // past the backoff
	if n, err := w.RunOnce(ctx); err != nil || n != 2 {
		t.Fatalf("retry run = %d, %v; want the 2 locked ones written", n, err)
	}
	for i, lead := range o.leads {
		if got := o.emu.Get("Lead", lead)["Description"]; got != "qualified" {
			t.Fatalf("Lead %d Description = %v after the retry", i, got)
		}
	}
}

// BenchmarkStatusWriteback1000 writes 1,000 status changes back and reports
// the API calls they cost (calls/1000) and the time per run.
func BenchmarkStatusWriteback1000(b *testing.B) {
	for range b.N {
		b.StopTimer()
		o := newWBOrg(b, 1000)
		o.qualifyAll(b)
		o.emu.ResetUsage()
		b.StartTimer()
		if n, err := o.writeback().RunOnce(context.Background()); err != nil || n != 1000 {
			b.Fatalf("run = %d, %v", n, err)
		}
		b.ReportMetric(float64(o.emu.APICalls()), "calls/1000")
	}
}
