package connector_test

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/refsync/refsync/connector"
	"github.com/refsync/refsync/connector/salesforce"
	"github.com/refsync/refsync/store"
)

var _ connector.StreamStore = (*store.DB)(nil)
var _ connector.Streamer = (*salesforce.Client)(nil)

// slowPoll is the poll interval of the streaming tests: no scheduled poll comes in their time.
const slowPoll = 5 * time.Minute

// streamEnv is an env whose org offers Change Data Capture for Opportunity only (Lead and
// Contact fall back to PushTopics), with a receiver polling every interval.
func streamEnv(t *testing.T) *env {
	t.Helper()
	e := newEnv(t)
	if err := e.emu.SetChangeDataCapture("Opportunity"); err != nil {
		t.Fatal(err)
	}
	return e
}

// start runs a new receiver's scheduler and streams until the test ends, and waits until the
// first polls finished and every object's stream is subscribed.
func (e *env) start(t testing.TB, interval time.Duration) *connector.Receiver {
	t.Helper()
	rc, err := connector.New(connector.Options{Sink: e.db, CRM: e.crm, Settings: e.db, Rules: e.rules,
		Logger: slog.New(slog.DiscardHandler), Interval: interval})
	if err != nil {
		t.Fatal(err)
	}
	e.rc = rc
	began := time.Now().UTC().Format(store.TimeFormat)
	if err := rc.Start(e.ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rc.Stop() })
	wait(t, 20*time.Second, "first polls and subscriptions", func() bool {
		for _, o := range e.rules.Objects {
			if st, _ := e.db.SyncState(e.ctx, o); st.LastSuccessAt == "" {
				return false
			}
		}
		states, _ := e.db.StreamStates(e.ctx)
		n := 0
		for _, s := range states {
			settled := s.State == connector.StreamSubscribed || s.State == connector.StreamOff || s.State == connector.StreamUnavailable
			if settled && s.UpdatedAt >= began {
				n++
			}
		}
		return n == len(e.rules.Objects)
	})
	return rc
}

// wait polls cond every 2 ms until it holds, failing the test after limit.
func wait(t testing.TB, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not reached in %s", what, limit)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func (e *env) streamState(t testing.TB, object string) store.StreamState {
	t.Helper()
	states, err := e.db.StreamStates(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range states {
		if s.Object == object {
			return s
		}
	}
	return store.StreamState{}
}

// TestStreamingApprovesWithinTwoSeconds: with a 5-minute poll interval, a stage change reaches
// its referral through the change event that wakes the Opportunity poll.
func TestStreamingApprovesWithinTwoSeconds(t *testing.T) {
	e := streamEnv(t)
	ref := e.referral(&store.Referral{FirstName: "Stream", LastName: "Fast", Email: "stream@fast.example"})
	opp := e.insert("Opportunity", map[string]any{"StageName": "Prospecting", "Referral_ID__c": ref.ID})
	e.start(t, slowPoll)
	if s := e.streamState(t, "Opportunity"); s.Kind != "cdc" || s.Channel != "/data/OpportunityChangeEvent" {
		t.Fatalf("Opportunity stream %+v, want the change event channel", s)
	}
	if s := e.streamState(t, "Lead"); s.Kind != "pushtopic" || s.Channel != "/topic/refsync_Lead" || s.State != connector.StreamSubscribed {
		t.Fatalf("Lead stream %+v, want a PushTopic (the org offers no Change Data Capture for Lead)", s)
	}
	if _, ok := e.emu.LastReplayRequested("/data/LeadChangeEvent"); ok {
		t.Fatal("subscribed to Lead's change events though the org's selection says it has none")
	}
	changed := time.Now()
	e.update("Opportunity", opp, map[string]any{"StageName": "Closed Won"})
	wait(t, 2*time.Second, "approval after the stage change", func() bool { return e.status(ref.ID) == "approved" })
	t.Logf("approved %s after the change (poll interval %s)", time.Since(changed).Round(time.Millisecond), slowPoll)
	wait(t, 5*time.Second, "replay id stored", func() bool { return e.streamState(t, "Opportunity").ReplayID > 0 })
	if n := e.changes(ref.ID, "approved"); n != 1 {
		t.Fatalf("approved %d times", n)
	}
}

// TestKilledStreamLosesNothing: while the stream is down, the change's event is lost for good;
// the scheduled poll still applies the change.
func TestKilledStreamLosesNothing(t *testing.T) {
	e := streamEnv(t)
	ref := e.referral(&store.Referral{FirstName: "Kill", LastName: "Stream", Email: "kill@stream.example"})
	opp := e.insert("Opportunity", map[string]any{"StageName": "Prospecting", "Referral_ID__c": ref.ID})
	e.start(t, time.Second)
	e.emu.KillStream()
	wait(t, 10*time.Second, "stream reported down", func() bool {
		return e.streamState(t, "Opportunity").State == connector.StreamReconnecting
	})
	delivered := e.emu.StreamStats().Delivered
	e.update("Opportunity", opp, map[string]any{"StageName": "Closed Won"})
	wait(t, 10*time.Second, "approval by the poll", func() bool { return e.status(ref.ID) == "approved" })
	if got := e.emu.StreamStats().Delivered; got != delivered {
		t.Fatalf("%d events delivered while the stream was down", got-delivered)
	}
	e.emu.ReviveStream()
	wait(t, 10*time.Second, "stream back", func() bool {
		return e.streamState(t, "Opportunity").State == connector.StreamSubscribed
	})
	if n := e.changes(ref.ID, "approved"); n != 1 {
		t.Fatalf("approved %d times", n)
	}
}

// TestRestartResumesFromStoredReplayID: a change made while refsync is down is replayed from
// the stored replay id when it starts again.
func TestRestartResumesFromStoredReplayID(t *testing.T) {
	e := streamEnv(t)
	const channel = "/data/OpportunityChangeEvent"
	a := e.referral(&store.Referral{FirstName: "Before", LastName: "Stop", Email: "before@stop.example"})
	b := e.referral(&store.Referral{FirstName: "While", LastName: "Down", Email: "while@down.example"})
	oppA := e.insert("Opportunity", map[string]any{"StageName": "Prospecting", "Referral_ID__c": a.ID})
	oppB := e.insert("Opportunity", map[string]any{"StageName": "Prospecting", "Referral_ID__c": b.ID})
	rc := e.start(t, slowPoll)
	e.update("Opportunity", oppA, map[string]any{"StageName": "Closed Won"})
	wait(t, 5*time.Second, "first change handled", func() bool {
		return e.status(a.ID) == "approved" && e.streamState(t, "Opportunity").ReplayID > 0
	})
	stored := e.streamState(t, "Opportunity").ReplayID
	if err := rc.Stop(); err != nil {
		t.Fatal(err)
	}
	e.update("Opportunity", oppB, map[string]any{"StageName": "Closed Won"})
	e.start(t, slowPoll)
	if got, _ := e.emu.LastReplayRequested(channel); got != stored {
		t.Fatalf("resubscribed from replay id %d, want the stored %d", got, stored)
	}
	wait(t, 5*time.Second, "change made while down", func() bool { return e.status(b.ID) == "approved" })
	wait(t, 5*time.Second, "replay id moved on", func() bool { return e.streamState(t, "Opportunity").ReplayID > stored })
}

// TestStreamingOffPollsOnly: an object switched off in the settings is never subscribed.
func TestStreamingOffPollsOnly(t *testing.T) {
	e := streamEnv(t)
	e.rules.Streaming = map[string]string{"Opportunity": "off", "Contact": "pushtopic", "Lead": "cdc"}
	e.start(t, slowPoll)
	if _, ok := e.emu.LastReplayRequested("/data/OpportunityChangeEvent"); ok {
		t.Fatal("Opportunity subscribed though streaming is off for it")
	}
	if s := e.streamState(t, "Opportunity"); s.State != connector.StreamOff {
		t.Fatalf("Opportunity stream %+v, want off", s)
	}
	if s := e.streamState(t, "Contact"); s.Kind != "pushtopic" || s.State != connector.StreamSubscribed {
		t.Fatalf("Contact stream %+v, want a subscribed PushTopic", s)
	}
	if s := e.streamState(t, "Lead"); s.State != connector.StreamUnavailable {
		t.Fatalf("Lead stream %+v, want unavailable (cdc chosen, the org offers none for Lead)", s)
	}
}

// noSelection is a client whose user may not read the Change Data Capture selection.
type noSelection struct{ *salesforce.Client }

func (noSelection) ChangeDataCaptureObjects(context.Context) (map[string]bool, error) {
	return nil, errors.New("INSUFFICIENT_ACCESS: View Setup and Configuration is needed")
}

// TestAutoFallsBackOnARefusedChannel: without the selection, auto tries each object's change
// event channel and takes a PushTopic where Salesforce refuses it.
func TestAutoFallsBackOnARefusedChannel(t *testing.T) {
	e := streamEnv(t)
	rc, err := connector.New(connector.Options{Sink: e.db, CRM: noSelection{e.crm}, Settings: e.db, Rules: e.rules,
		Logger: slog.New(slog.DiscardHandler), Interval: slowPoll})
	if err != nil {
		t.Fatal(err)
	}
	if err := rc.Start(e.ctx); err != nil {
		t.Fatal(err)
	}
	defer rc.Stop()
	wait(t, 20*time.Second, "subscriptions", func() bool {
		return e.streamState(t, "Lead").State == connector.StreamSubscribed && e.streamState(t, "Opportunity").State == connector.StreamSubscribed
	})
	if s := e.streamState(t, "Lead"); s.Kind != "pushtopic" {
		t.Fatalf("Lead stream %+v, want a PushTopic after the refused change event channel", s)
	}
	if s := e.streamState(t, "Opportunity"); s.Kind != "cdc" {
		t.Fatalf("Opportunity stream %+v, want its change event channel", s)
	}
}

// busyOrg is a client whose org has used most of its daily API allowance.
type busyOrg struct{ *salesforce.Client }

func (b busyOrg) State() salesforce.State {
	st := b.Client.State()
	st.Usage.Used, st.Usage.Max = 60000, 100000
	return st
}

// TestWokenPollsSpacedOutWhenTheBudgetIsHalfSpent: past half the daily allowance, a woken poll
// is followed by a tenth of the poll interval without one, so events cannot spend the budget.
func TestWokenPollsSpacedOutWhenTheBudgetIsHalfSpent(t *testing.T) {
	e := streamEnv(t)
	a := e.referral(&store.Referral{FirstName: "Busy", LastName: "One", Email: "busy1@org.example"})
	oppA := e.insert("Opportunity", map[string]any{"StageName": "Prospecting", "Referral_ID__c": a.ID})
	rc, err := connector.New(connector.Options{Sink: e.db, CRM: busyOrg{e.crm}, Settings: e.db, Rules: e.rules,
		Logger: slog.New(slog.DiscardHandler), Interval: slowPoll})
	if err != nil {
		t.Fatal(err)
	}
	if err := rc.Start(e.ctx); err != nil {
		t.Fatal(err)
	}
	defer rc.Stop()
	wait(t, 20*time.Second, "Opportunity subscribed and polled", func() bool {
		st, _ := e.db.SyncState(e.ctx, "Opportunity")
		return st.LastSuccessAt != "" && e.streamState(t, "Opportunity").State == connector.StreamSubscribed
	})
	time.Sleep(2 * time.Second) // the poll the subscription woke has run; the gap has begun
	e.update("Opportunity", oppA, map[string]any{"StageName": "Closed Won"})
	time.Sleep(2 * time.Second)
	if e.status(a.ID) == "approved" {
		t.Fatal("the change was applied at once though woken polls wait 30 s after the last one")
	}
}
