package connector_test

import (
	"fmt"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/refsync/refsync/connector"
	"github.com/refsync/refsync/store"
)

// clockReceiver is a receiver whose clock runs ahead of the real one by *ahead.
func (e *env) clockReceiver(ahead *atomic.Int64) *connector.Receiver {
	rc, err := connector.New(connector.Options{Sink: e.db, CRM: e.crm, Settings: e.db, Rules: e.rules,
		Logger: slog.New(slog.DiscardHandler), Interval: time.Minute,
		Now: func() time.Time { return time.Now().Add(time.Duration(ahead.Load())) }})
	if err != nil {
		e.t.Fatal(err)
	}
	return rc
}

// A won deal committed minutes after its SystemModstamp, behind deals already
// read, approves its referral at the next regular poll (up to 15 minutes
// late), and one committed hours late within the hour.
func TestLateCommitsAreReceived(t *testing.T) {
	for _, lag := range []time.Duration{5 * time.Minute, 14 * time.Minute} {
		t.Run(lag.String(), func(t *testing.T) {
			e := newEnv(t)
			e.sync()
			e.insert("Opportunity", map[string]any{"StageName": "Prospecting"}) // moves the watermark to now
			e.sync()
			ref := e.referral(&store.Referral{FirstName: "Lena", LastName: "Late", Email: "lena@late.example"})
			if _, err := e.emu.InsertLate("Opportunity", map[string]any{"StageName": "Closed Won", "Referral_ID__c": ref.ID,
				"Name": "Late deal", "CloseDate": "2026-12-31"}, lag); err != nil {
				t.Fatal(err)
			}
			res := e.sync()
			if got := e.status(ref.ID); got != "approved" {
				t.Fatalf("a deal committed %s late: referral %s after the next poll (%+v), want approved", lag, got, res)
			}
		})
	}
	t.Run("hours late", func(t *testing.T) {
		e := newEnv(t)
		var ahead atomic.Int64
		rc := e.clockReceiver(&ahead)
		if _, err := rc.SyncOnce(e.ctx, "", time.Time{}); err != nil {
			t.Fatal(err)
		}
		ref := e.referral(&store.Referral{FirstName: "Hugo", LastName: "Hours", Email: "hugo@late.example"})
		rc.ReferralChanged(ref.MatchRecord())
		if _, err := e.emu.InsertLate("Opportunity", map[string]any{"StageName": "Closed Won", "Referral_ID__c": ref.ID,
			"Name": "Very late deal", "CloseDate": "2026-12-31"}, 6*time.Hour); err != nil {
			t.Fatal(err)
		}
		for m := 1; m <= 60 && e.status(ref.ID) != "approved"; m++ {
			ahead.Store(int64(time.Duration(m) * time.Minute)) // one regular poll a minute
			if _, err := rc.SyncOnce(e.ctx, "", time.Time{}); err != nil {
				t.Fatal(err)
			}
		}
		if got := e.status(ref.ID); got != "approved" {
			t.Fatalf("a deal committed 6 hours late: referral %s after an hour of polls, want approved", got)
		}
	})
}

// After a mass update in a quiet org the next polls do not read the updated
// records again: one API call per poll and object, nothing re-read.
func TestMassUpdateIsNotReadAgain(t *testing.T) {
	e := newEnv(t, func(o *sfemuOptions, r *rulesT) { r.Backfill = ""; o.WholeSecondStamps = true }) // as real orgs stamp
	e.sync()
	ids := make([]string, 3000)
	for i := range ids {
		ids[i] = e.insert("Lead", map[string]any{"LastName": fmt.Sprintf("Mass%d", i), "Company": "Mass Co"})
	}
	if err := e.emu.BulkUpdate("Lead", ids, map[string]any{"Rating": "Hot"}); err != nil {
		t.Fatal(err)
	}
	first, err := e.rc.SyncOnce(e.ctx, "Lead", time.Time{})
	if err != nil || first[0].Received != len(ids) {
		t.Fatalf("first poll after the mass update: %+v, %v", first, err)
	}
	for poll := range 3 {
		before := e.emu.APICalls()
		res, err := e.rc.SyncOnce(e.ctx, "Lead", time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if res[0].Skipped != 0 || res[0].Received != 0 {
			t.Fatalf("poll %d after the mass update read %d records again (%+v)", poll+2, res[0].Skipped, res[0])
		}
		if calls := e.emu.APICalls() - before; calls != 1 {
			t.Fatalf("poll %d after the mass update made %d API calls, want 1", poll+2, calls)
		}
	}
}
