package salesforce_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/refsync/refsync/connector/salesforce"
	"github.com/refsync/refsync/connector/sfemu"
)

// streamRec runs a Stream against the emulator and records what its callbacks saw.
type streamRec struct {
	st     *salesforce.Stream
	events chan salesforce.Event
	subs   chan subResult
	conns  chan error
	seen   map[string][]error // answers read from subs but not yet asked for
}

type subResult struct {
	channel string
	err     error
}

func startStream(t *testing.T, c *salesforce.Client, subs map[string]int64) *streamRec {
	t.Helper()
	r := &streamRec{events: make(chan salesforce.Event, 100), subs: make(chan subResult, 100), conns: make(chan error, 100), seen: map[string][]error{}}
	r.st = c.NewStream(salesforce.StreamOptions{
		OnEvent:     func(e salesforce.Event) { r.events <- e },
		OnSubscribe: func(ch string, err error) { r.subs <- subResult{ch, err} },
		OnConnect: func(err error) {
			select {
			case r.conns <- err:
			default:
			}
		},
	})
	for ch, replay := range subs {
		r.st.Subscribe(ch, replay)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = r.st.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return r
}

func (r *streamRec) subscribed(t *testing.T, channel string) error {
	t.Helper()
	for {
		if errs := r.seen[channel]; len(errs) > 0 {
			r.seen[channel] = errs[1:]
			return errs[0]
		}
		select {
		case s := <-r.subs:
			r.seen[s.channel] = append(r.seen[s.channel], s.err)
		case <-time.After(5 * time.Second):
			t.Fatalf("no subscription answer for %s", channel)
		}
	}
}

func (r *streamRec) event(t *testing.T) salesforce.Event {
	t.Helper()
	select {
	case e := <-r.events:
		return e
	case <-time.After(5 * time.Second):
		t.Fatal("no event arrived")
	}
	return salesforce.Event{}
}

func (r *streamRec) noEvent(t *testing.T, d time.Duration) {
	t.Helper()
	select {
	case e := <-r.events:
		t.Fatalf("unexpected event %+v", e)
	case <-time.After(d):
	}
}

func streamOrg(t *testing.T) (*emuOrg, *salesforce.Client, string) {
	t.Helper()
	e := newEmu(t, sfemu.Options{})
	e.srv.SetStreamHold(2 * time.Second)
	if err := e.srv.SetChangeDataCapture("Opportunity"); err != nil {
		t.Fatal(err)
	}
	opp := e.srv.Records("Opportunity")[0]["Id"].(string)
	return e, e.client(t, e.config(salesforce.AuthClientCredentials)), opp
}

func TestStreamChangeEventsAndPushTopics(t *testing.T) {
	e, c, opp := streamOrg(t)
	ctx := context.Background()
	if sel, err := c.ChangeDataCaptureObjects(ctx); err != nil || len(sel) != 1 || !sel["Opportunity"] {
		t.Fatalf("Change Data Capture selection %v, %v; want Opportunity only", sel, err)
	}
	topic, err := c.EnsurePushTopic(ctx, "Lead")
	if err != nil {
		t.Fatal(err)
	}
	if again, err := c.EnsurePushTopic(ctx, "Lead"); err != nil || again != topic || len(e.srv.Records("PushTopic")) != 1 {
		t.Fatalf("second EnsurePushTopic: %q %v, %d topics; want the same one topic", again, err, len(e.srv.Records("PushTopic")))
	}
	if tp := e.srv.Records("PushTopic")[0]; tp["IsActive"] != true || tp["Query"] != "SELECT Id FROM Lead" {
		t.Fatalf("PushTopic %v, want an active one reading Lead", tp)
	}
	r := startStream(t, c, map[string]int64{"/data/OpportunityChangeEvent": salesforce.ReplayNew,
		"/data/LeadChangeEvent": salesforce.ReplayNew, topic: salesforce.ReplayNew})
	for _, ch := range []string{"/data/OpportunityChangeEvent", topic} {
		if err := r.subscribed(t, ch); err != nil {
			t.Fatalf("%s: %v", ch, err)
		}
	}
	if err := r.subscribed(t, "/data/LeadChangeEvent"); !errors.Is(err, salesforce.ErrSubscriptionRefused) {
		t.Fatalf("Lead is not selected for Change Data Capture: got %v, want a refusal", err)
	}
	if err := e.srv.Update("Opportunity", opp, map[string]any{"StageName": "Closed Won"}); err != nil {
		t.Fatal(err)
	}
	ev := r.event(t)
	if ev.Channel != "/data/OpportunityChangeEvent" || ev.Object != "Opportunity" || ev.ChangeType != "UPDATE" ||
		len(ev.RecordIDs) != 1 || ev.RecordIDs[0] != opp || ev.ReplayID <= 0 {
		t.Fatalf("change event = %+v", ev)
	}
	lead, err := e.srv.Insert("Lead", map[string]any{"LastName": "Streamer", "Company": "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	ev = r.event(t)
	if ev.Channel != topic || ev.ChangeType != "created" || len(ev.RecordIDs) != 1 || ev.RecordIDs[0] != lead {
		t.Fatalf("PushTopic event = %+v", ev)
	}
}

func TestStreamUnknownClientHandshakesAgainFromLastReplay(t *testing.T) {
	e, c, opp := streamOrg(t)
	const ch = "/data/OpportunityChangeEvent"
	r := startStream(t, c, map[string]int64{ch: salesforce.ReplayNew})
	if err := r.subscribed(t, ch); err != nil {
		t.Fatal(err)
	}
	_ = e.srv.Update("Opportunity", opp, map[string]any{"StageName": "Prospecting"})
	first := r.event(t)
	e.srv.ForceUnknownClient()
	if err := r.subscribed(t, ch); err != nil {
		t.Fatalf("after 403::Unknown client: %v", err)
	}
	if got, _ := e.srv.LastReplayRequested(ch); got != first.ReplayID {
		t.Fatalf("resubscribed from replay %d, want the last event's %d", got, first.ReplayID)
	}
	if n := e.srv.StreamStats().Handshakes; n != 2 {
		t.Fatalf("%d handshakes, want 2", n)
	}
	_ = e.srv.Update("Opportunity", opp, map[string]any{"StageName": "Closed Won"})
	if ev := r.event(t); ev.ReplayID <= first.ReplayID {
		t.Fatalf("event after re-handshake %+v", ev)
	}
}

func TestStreamReplaysFromStoredID(t *testing.T) {
	e, c, opp := streamOrg(t)
	const ch = "/data/OpportunityChangeEvent"
	_ = e.srv.Update("Opportunity", opp, map[string]any{"StageName": "Prospecting"})
	_ = e.srv.Update("Opportunity", opp, map[string]any{"StageName": "Closed Won"})
	all := startStream(t, c, map[string]int64{ch: salesforce.ReplayAll})
	a, b := all.event(t), all.event(t)
	if a.ReplayID >= b.ReplayID {
		t.Fatalf("replay ids %d, %d do not rise", a.ReplayID, b.ReplayID)
	}
	from := startStream(t, c, map[string]int64{ch: a.ReplayID})
	if ev := from.event(t); ev.ReplayID != b.ReplayID {
		t.Fatalf("resumed at %d, want %d", ev.ReplayID, b.ReplayID)
	}
	from.noEvent(t, 300*time.Millisecond)
	// A replay id the org no longer holds falls back to new events, still subscribed.
	gone := startStream(t, c, map[string]int64{ch: 1 << 40})
	if err := gone.subscribed(t, ch); err != nil {
		t.Fatalf("invalid replay id: %v", err)
	}
	gone.noEvent(t, 300*time.Millisecond)
}

func TestStreamSurvivesAKilledEndpoint(t *testing.T) {
	e, c, opp := streamOrg(t)
	const ch = "/data/OpportunityChangeEvent"
	r := startStream(t, c, map[string]int64{ch: salesforce.ReplayNew})
	if err := r.subscribed(t, ch); err != nil {
		t.Fatal(err)
	}
	e.srv.KillStream()
	select {
	case err := <-r.conns:
		for err == nil {
			err = <-r.conns
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a killed stream reported no failure")
	}
	_ = e.srv.Update("Opportunity", opp, map[string]any{"StageName": "Prospecting"}) // lost for good
	e.srv.ReviveStream()
	if err := r.subscribed(t, ch); err != nil {
		t.Fatalf("after the stream came back: %v", err)
	}
	_ = e.srv.Update("Opportunity", opp, map[string]any{"StageName": "Closed Won"})
	if ev := r.event(t); ev.ChangeType != "UPDATE" {
		t.Fatalf("event after revival %+v", ev)
	}
}

func TestStreamLogsInAgainWhenTheSessionIsRevoked(t *testing.T) {
	e, c, opp := streamOrg(t)
	const ch = "/data/OpportunityChangeEvent"
	r := startStream(t, c, map[string]int64{ch: salesforce.ReplayNew})
	if err := r.subscribed(t, ch); err != nil {
		t.Fatal(err)
	}
	e.srv.RevokeTokens()
	e.srv.ForceUnknownClient() // the next handshake carries the revoked token: 403::Handshake denied (401)
	if err := r.subscribed(t, ch); err != nil {
		t.Fatalf("after the session was revoked: %v", err)
	}
	_ = e.srv.Update("Opportunity", opp, map[string]any{"StageName": "Closed Won"})
	if ev := r.event(t); ev.ChangeType != "UPDATE" {
		t.Fatalf("event after logging in again %+v", ev)
	}
	if n := e.srv.StreamStats().Handshakes; n != 2 {
		t.Fatalf("%d handshakes succeeded, want 2: the first and the one after logging in again", n)
	}
}

// flakyTransport fails the next n connect requests to the Streaming API with a network error.
type flakyTransport struct {
	fail atomic.Int32
}

func (f *flakyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasPrefix(r.URL.Path, "/cometd/") && r.Body != nil {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		if bytes.Contains(body, []byte(`"/meta/connect"`)) && f.fail.Add(-1) >= 0 {
			return nil, errors.New("connection reset by peer")
		}
	}
	return http.DefaultTransport.RoundTrip(r)
}

func TestStreamResubscribesAfterANetworkFailure(t *testing.T) {
	e, _, opp := streamOrg(t)
	ft := &flakyTransport{}
	cfg := e.config(salesforce.AuthClientCredentials)
	cfg.Transport = ft
	c := e.client(t, cfg)
	const ch = "/data/OpportunityChangeEvent"
	r := startStream(t, c, map[string]int64{ch: salesforce.ReplayNew})
	if err := r.subscribed(t, ch); err != nil {
		t.Fatal(err)
	}
	_ = e.srv.Update("Opportunity", opp, map[string]any{"StageName": "Prospecting"})
	a := r.event(t)  // from here on a resubscription resumes after a
	ft.fail.Store(1) // the next connect (sent or about to be) fails
	_ = e.srv.Update("Opportunity", opp, map[string]any{"StageName": "Negotiation/Review"})
	b := r.event(t) // delivered by the held connect, or replayed after the failure
	if err := r.subscribed(t, ch); err != nil {
		t.Fatalf("after a failed connect: %v", err)
	}
	if got, _ := e.srv.LastReplayRequested(ch); got != a.ReplayID && got != b.ReplayID {
		t.Fatalf("resubscribed from %d, want the last event's (%d or %d)", got, a.ReplayID, b.ReplayID)
	}
	_ = e.srv.Update("Opportunity", opp, map[string]any{"StageName": "Closed Won"})
	if ev := r.event(t); ev.ReplayID <= b.ReplayID {
		t.Fatalf("event after the failure %+v", ev)
	}
}
