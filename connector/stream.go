package connector

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/salesforce"
)

// Streaming: per watched object, refsync listens on the Streaming API — the object's Change Data
// Capture channel where the org offers it, else a PushTopic it creates — and an event only wakes
// that object's poll at once. Nothing depends on the event's payload, so the poll's transaction,
// watermark and idempotency rules apply unchanged, and the scheduled poll stays the safety net
// for anything the stream misses (a killed stream, events past the retention window).

// Streamer is what streaming needs of the Salesforce client; *salesforce.Client satisfies it.
type Streamer interface {
	NewStream(o salesforce.StreamOptions) *salesforce.Stream
	EnsurePushTopic(ctx context.Context, object string) (string, error)
	ChangeDataCaptureObjects(ctx context.Context) (map[string]bool, error)
}

// StreamStore keeps each object's stream state and replay id; *store.DB satisfies it.
type StreamStore interface {
	StreamReplay(ctx context.Context, object string) (channel string, replayID int64, err error)
	SetStreamState(ctx context.Context, object, mode, kind, channel, state, detail string) error
	SaveStreamReplay(ctx context.Context, object, channel string, replayID int64, n int) error
}

// Stream states as the dashboard shows them.
const (
	StreamConnecting   = "connecting"   // subscribing
	StreamSubscribed   = "subscribed"   // events wake the poll
	StreamReconnecting = "reconnecting" // the session failed; polling covers until it is back
	StreamUnavailable  = "unavailable"  // the org offers no channel for the choice; polling only
	StreamOff          = "off"          // switched off in the settings; polling only
)

// streamPaused is the plan's mode for a watched object whose polling is paused.
const streamPaused = "paused"

// streamCheck is how often the streams look for changed settings.
const streamCheck = 5 * time.Second

// streamSet runs the Streaming API for one scheduler run: a supervisor that (re)starts a session
// whenever the streaming plan changes, and stops with the scheduler.
type streamSet struct {
	done chan struct{}
}

// wait blocks until the streams stopped (their context is the scheduler's).
func (s *streamSet) wait() {
	if s != nil {
		<-s.done
	}
}

// startStreams starts streaming under ctx when the client and the store support it.
func (r *Receiver) startStreams(ctx context.Context) *streamSet {
	api, ok := r.crm.(Streamer)
	st, ok2 := r.sink.(StreamStore)
	if !ok || !ok2 {
		return nil
	}
	s := &streamSet{done: make(chan struct{})}
	go func() {
		defer close(s.done)
		r.superviseStreams(ctx, api, st)
	}()
	return s
}

// streamPlan is object → mode for the watched objects, in watched order.
type streamPlan []struct{ object, mode string }

// planOf plans every object polled for any program (merged); the streaming choice, like pausing,
// is the default program's setting.
func planOf(merged, def *config.Rules) streamPlan {
	var p streamPlan
	for _, o := range merged.Objects {
		mode := def.StreamMode(o)
		if slices.Contains(merged.Paused, o) {
			mode = streamPaused
		}
		p = append(p, struct{ object, mode string }{o, mode})
	}
	return p
}

// streamPlan is the plan of the rules in force.
func (r *Receiver) streamPlan(ctx context.Context) (streamPlan, error) {
	set, err := r.ruleSet(ctx)
	if err != nil {
		return nil, err
	}
	def, err := r.Rules(ctx)
	if err != nil {
		return nil, err
	}
	return planOf(set.merged, def), nil
}

// superviseStreams runs a session for the current plan and restarts it when the plan changes.
func (r *Receiver) superviseStreams(ctx context.Context, api Streamer, st StreamStore) {
	var plan streamPlan
	var stop func()
	defer func() {
		if stop != nil {
			stop()
		}
	}()
	for {
		if next, err := r.streamPlan(ctx); err == nil && !slices.Equal(plan, next) {
			if stop != nil {
				stop()
			}
			plan = next
			stop = r.startSession(ctx, api, st, plan)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(streamCheck):
		}
	}
}

// startSession starts one streaming session for plan; the returned func stops it and waits.
func (r *Receiver) startSession(parent context.Context, api Streamer, st StreamStore, plan streamPlan) func() {
	ctx, cancel := context.WithCancel(parent)
	ss := newSession(ctx, r, api, st)
	for _, p := range plan {
		switch p.mode {
		case config.StreamOff:
			ss.setState(ctx, p.object, p.mode, "", "", StreamOff, "streaming is switched off in Settings; changes arrive with the poll")
			continue
		case streamPaused:
			ss.setState(ctx, p.object, config.StreamOff, "", "", StreamOff, "polling of "+p.object+" is paused")
			continue
		}
		ss.add(p.object, p.mode)
		ss.goTracked(func() { ss.waker(ctx, p.object) })
		ss.goTracked(func() { ss.subscribe(ctx, p.object, p.mode) })
	}
	ss.goTracked(func() { _ = ss.stream.Run(ctx) })
	r.log.Info("streaming started", slog.Any("plan", plan))
	return func() { cancel(); ss.wg.Wait() }
}

// describeErr is an error as the dashboard shows it: the first line.
func describeErr(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}
