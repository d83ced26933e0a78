package hook

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// receiver is a webhook endpoint that answers 500 to its first failures requests.
type receiver struct {
	mu       sync.Mutex
	failures int
	secret   string
	now      func() time.Time
	got      map[string]Envelope // by event id, valid deliveries only
	dups     int
	bad      []string
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	body, _ := io.ReadAll(r.Body)
	if rc.failures > 0 {
		rc.failures--
		http.Error(w, "down", http.StatusInternalServerError)
		return
	}
	if err := Verify(rc.secret, body, r.Header.Get(SignatureHeader), DefaultTolerance, rc.now()); err != nil {
		rc.bad = append(rc.bad, err.Error())
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	var e Envelope
	if err := json.Unmarshal(body, &e); err != nil || e.Type != r.Header.Get(EventHeader) {
		rc.bad = append(rc.bad, fmt.Sprintf("body %s: %v", body, err))
		return
	}
	if _, seen := rc.got[e.ID]; seen {
		rc.dups++
	}
	rc.got[e.ID] = e
}

func TestReceiverThatFailsForAWhileGetsEveryEventSigned(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "refsync.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Now().UTC()
	clock := func() time.Time { return now }
	db.SetClock(clock)
	rc := &receiver{failures: 7, secret: "whsec_test", now: clock, got: map[string]Envelope{}}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	if err := db.CreateWebhook(ctx, &store.Webhook{URL: srv.URL, Events: Events, Secret: rc.secret}, "test"); err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Second)
	r := &store.Referral{FirstName: "Ann", LastName: "Lee", Email: "ann@example.com"}
	if err := db.CreateReferral(ctx, r, "api:test"); err != nil {
		t.Fatal(err)
	}
	for _, to := range []string{store.StatusQualified, store.StatusApproved} {
		if _, _, err := db.SetReferralStatus(ctx, store.StatusChange{ReferralID: r.ID, To: to, Actor: "sync"}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 3 {
		e := &matching.Entry{Object: "Lead", RecordID: fmt.Sprint("00Q00000000000", i), Modstamp: "2026-01-01T00:00:00.000+0000",
			Outcome: matching.EntryReview, Reason: matching.ReasonAmbiguous}
		if err := db.InsertEntryRx(ctx, e, matching.EntryEvent{Actor: "sync", Action: "review", Outcome: matching.EntryReview}); err != nil {
			t.Fatal(err)
		}
	}
	d := &Dispatcher{DB: db, Now: clock, AllowPrivate: true} // the receivers are httptest servers on 127.0.0.1
	for step := 0; step < 60 && len(rc.got) < 4; step++ {    // an hour, a minute at a time
		if _, err := d.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		now = now.Add(time.Minute)
	}
	want := map[string]int{EventReferralCreated: 1, EventReferralStatusChanged: 2, EventEntryReview: 1}
	got := map[string]int{}
	for _, e := range rc.got {
		got[e.Type]++
	}
	if fmt.Sprint(got) != fmt.Sprint(want) || len(rc.bad) > 0 || rc.dups > 0 {
		t.Fatalf("received %v (bad %v, duplicates %d), want %v", got, rc.bad, rc.dups, want)
	}
	for _, e := range rc.got {
		if e.Type == EventEntryReview {
			b, _ := json.Marshal(e.Data)
			var rd ReviewData
			json.Unmarshal(b, &rd)
			if rd.Count != 3 || len(rd.Entries) != 3 {
				t.Errorf("digest = %+v, want 3 entries", rd)
			}
		}
	}
	log, _ := db.ListDeliveries(ctx, 0, 100)
	if len(log) != 4+7 {
		t.Errorf("delivery log has %d attempts, want 11 (4 delivered, 7 failed)", len(log))
	}
}

func TestReviewDigestAtMostOncePerMinute(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "refsync.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Now().UTC()
	db.SetClock(func() time.Time { return now })
	if err := db.CreateWebhook(ctx, &store.Webhook{URL: "http://127.0.0.1:1/", Events: []string{EventEntryReview}, Secret: "s"}, "t"); err != nil {
		t.Fatal(err)
	}
	d := &Dispatcher{DB: db, DigestEvery: time.Minute, Now: func() time.Time { return now }} // the default is 15 min now
	steps := []struct {
		advance   time.Duration
		newReview int
		wantTotal int
	}{
		{time.Second, 2, 1},      // first digest at once
		{10 * time.Second, 3, 1}, // within the minute: held back
		{time.Minute, 0, 2},      // the held-back ones go out
		{time.Minute, 0, 2},      // nothing new: no message
	}
	for i, s := range steps {
		now = now.Add(s.advance)
		for j := range s.newReview {
			e := &matching.Entry{Object: "Lead", RecordID: fmt.Sprintf("00Q%d%d", i, j), Modstamp: "m", Outcome: matching.EntryReview}
			if err := db.InsertEntryRx(ctx, e, matching.EntryEvent{Actor: "sync", Action: "review", Outcome: matching.EntryReview}); err != nil {
				t.Fatal(err)
			}
		}
		if err := d.Produce(ctx); err != nil {
			t.Fatal(err)
		}
		rows, _ := db.ListOutbox(ctx, 0, 100)
		if len(rows) != s.wantTotal {
			t.Fatalf("step %d: %d digests queued, want %d", i, len(rows), s.wantTotal)
		}
	}
}

func TestDeadEndpointCostsOneAttemptPerRunAndDoesNotHoldOthersUp(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "refsync.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Now().UTC()
	clock := func() time.Time { return now }
	db.SetClock(clock)
	var deadHits int
	var mu sync.Mutex
	dead := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		mu.Lock()
		deadHits++
		mu.Unlock()
		http.Error(w, "down", http.StatusBadGateway)
	}))
	defer dead.Close()
	good := &receiver{secret: "whsec_good", now: clock, got: map[string]Envelope{}}
	live := httptest.NewServer(good)
	defer live.Close()
	for _, w := range []*store.Webhook{{URL: dead.URL, Events: Events, Secret: "whsec_dead"}, {URL: live.URL, Events: Events, Secret: good.secret}} {
		if err := db.CreateWebhook(ctx, w, "test"); err != nil {
			t.Fatal(err)
		}
	}
	now = now.Add(time.Second)
	for i := range 5 {
		if err := db.CreateReferral(ctx, &store.Referral{LastName: fmt.Sprint("R", i)}, "test"); err != nil {
			t.Fatal(err)
		}
	}
	d := &Dispatcher{DB: db, Now: clock, AllowPrivate: true} // the receivers are httptest servers on 127.0.0.1
	for run := 1; run <= 3; run++ {
		if _, err := d.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		now = now.Add(time.Hour)
		if deadHits != run {
			t.Fatalf("after run %d the dead endpoint was called %d times, want %d", run, deadHits, run)
		}
	}
	if len(good.got) != 5 {
		t.Fatalf("the live endpoint got %d events, want 5", len(good.got))
	}
}
