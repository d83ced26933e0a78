package connector

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/salesforce"
)

// session is one Streaming API session: one Bayeux client subscribed to a channel per object,
// and one waker per object that polls when the object's events arrive.
type session struct {
	r      *Receiver
	api    Streamer
	st     StreamStore
	stream *salesforce.Stream
	wg     sync.WaitGroup
	base   context.Context // the session's context, for work started from callbacks

	cdcOnce sync.Once
	cdc     map[string]bool // the org's Change Data Capture selection; nil when unknown

	mu     sync.Mutex
	objs   map[string]*objStream
	byChan map[string]string // channel → object
}

// objStream is one object's stream within a session.
type objStream struct {
	mode, kind, channel string
	latest              int64 // the newest replay id received
	saved               int64 // the replay id last stored
	pending             int   // events received since the last store
	wake                chan struct{}
}

func newSession(ctx context.Context, r *Receiver, api Streamer, st StreamStore) *session {
	ss := &session{r: r, api: api, st: st, base: ctx, objs: map[string]*objStream{}, byChan: map[string]string{}}
	ss.stream = api.NewStream(salesforce.StreamOptions{OnEvent: ss.onEvent, OnSubscribe: ss.onSubscribe, OnConnect: ss.onConnect})
	return ss
}

// add registers object before its goroutines start.
func (ss *session) add(object, mode string) {
	ss.mu.Lock()
	ss.objs[object] = &objStream{mode: mode, wake: make(chan struct{}, 1)}
	ss.mu.Unlock()
}

// goTracked runs fn on a goroutine the session's stop waits for.
func (ss *session) goTracked(fn func()) {
	ss.wg.Add(1)
	go func() { defer ss.wg.Done(); fn() }()
}

// kick wakes object's poll; wakes that come while one is pending merge into it.
func (o *objStream) kick() {
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

func (ss *session) obj(object string) *objStream {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return ss.objs[object]
}

// setState records object's stream state for the dashboard.
func (ss *session) setState(ctx context.Context, object, mode, kind, channel, state, detail string) {
	if err := ss.st.SetStreamState(context.WithoutCancel(ctx), object, mode, kind, channel, state, detail); err != nil {
		ss.r.log.Warn("record stream state", slog.String("object", object), slog.Any("err", err))
	}
}

// subscribe sets object's channel up for its mode and subscribes.
func (ss *session) subscribe(ctx context.Context, object, mode string) {
	if mode == config.StreamPushTopic {
		ss.listenPushTopic(ctx, object, mode)
		return
	}
	if sel := ss.cdcSelection(ctx); mode == config.StreamAuto && sel != nil && !sel[object] {
		ss.setState(ctx, object, mode, config.StreamPushTopic, "", StreamConnecting,
			object+" is not selected for Change Data Capture in Setup; using a PushTopic")
		ss.listenPushTopic(ctx, object, mode)
		return
	}
	ss.listen(ctx, object, mode, config.StreamCDC, salesforce.ChangeEventChannel(object))
}

// cdcSelection reads the org's Change Data Capture selection once per session; nil when it
// cannot be read (then a refused subscription tells instead).
func (ss *session) cdcSelection(ctx context.Context) map[string]bool {
	ss.cdcOnce.Do(func() {
		sel, err := ss.api.ChangeDataCaptureObjects(ctx)
		if err != nil {
			ss.r.log.Info("cannot read the Change Data Capture selection; trying each channel", slog.Any("err", err))
			return
		}
		ss.cdc = sel
	})
	return ss.cdc
}

// listen subscribes object to channel, resuming after the stored replay id of that channel.
func (ss *session) listen(ctx context.Context, object, mode, kind, channel string) {
	from := int64(salesforce.ReplayNew)
	stored, replay, err := ss.st.StreamReplay(ctx, object)
	if err != nil {
		ss.r.log.Warn("read stream replay id; starting with new events", slog.String("object", object), slog.Any("err", err))
	} else if stored == channel && replay > 0 {
		from = replay
	}
	ss.mu.Lock()
	o := ss.objs[object]
	o.kind, o.channel, o.saved = kind, channel, max(from, 0)
	ss.byChan[channel] = object
	ss.mu.Unlock()
	ss.setState(ctx, object, mode, kind, channel, StreamConnecting, "")
	ss.stream.Subscribe(channel, from)
}

// listenPushTopic creates (or finds) refsync's PushTopic for object and listens on it; failures
// that may pass are retried, a refusal leaves the object to the poll.
func (ss *session) listenPushTopic(ctx context.Context, object, mode string) {
	for attempt := 1; ; attempt++ {
		channel, err := ss.api.EnsurePushTopic(ctx, object)
		if err == nil {
			ss.listen(ctx, object, mode, config.StreamPushTopic, channel)
			return
		}
		if ctx.Err() != nil {
			return
		}
		var ae *salesforce.APIError
		if errors.As(err, &ae) && ae.StatusCode >= http.StatusBadRequest && ae.StatusCode < http.StatusInternalServerError {
			ss.setState(ctx, object, mode, config.StreamPushTopic, "", StreamUnavailable,
				"cannot create a PushTopic ("+describeErr(err)+"); changes arrive with the poll")
			return
		}
		ss.setState(ctx, object, mode, config.StreamPushTopic, "", StreamReconnecting, describeErr(err))
		select {
		case <-ctx.Done():
			return
		case <-time.After(min(time.Duration(attempt)*5*time.Second, time.Minute)):
		}
	}
}

// onEvent wakes the poll of the event's object; the payload is not used.
func (ss *session) onEvent(ev salesforce.Event) {
	ss.mu.Lock()
	o := ss.objs[ss.byChan[ev.Channel]]
	if o != nil {
		o.latest = max(o.latest, ev.ReplayID)
		o.pending++
	}
	ss.mu.Unlock()
	if o != nil {
		o.kick()
	}
}

// onSubscribe records the outcome; a refused change event channel under auto falls back to a
// PushTopic. Every (re)subscription wakes the poll, so a gap in the stream closes at once.
func (ss *session) onSubscribe(channel string, err error) {
	ss.mu.Lock()
	object := ss.byChan[channel]
	o := ss.objs[object]
	ss.mu.Unlock()
	if o == nil {
		return
	}
	ctx := context.Background()
	switch {
	case err == nil:
		ss.setState(ctx, object, o.mode, o.kind, channel, StreamSubscribed, "")
		o.kick()
	case o.kind == config.StreamCDC && o.mode == config.StreamAuto:
		ss.setState(ctx, object, o.mode, config.StreamPushTopic, "", StreamConnecting,
			"the org offers no Change Data Capture for "+object+"; using a PushTopic")
		ss.goTracked(func() { ss.listenPushTopic(ss.base, object, o.mode) })
	default:
		ss.setState(ctx, object, o.mode, o.kind, channel, StreamUnavailable, describeErr(err)+"; changes arrive with the poll")
	}
}

// onConnect marks every object's stream as reconnecting while the session fails.
func (ss *session) onConnect(err error) {
	if err == nil {
		return
	}
	ss.r.log.Warn("streaming session failed; polling covers until it is back", slog.Any("err", err))
	ss.mu.Lock()
	var todo [][4]string
	for object, o := range ss.objs {
		if o.channel != "" {
			todo = append(todo, [4]string{object, o.mode, o.kind, o.channel})
		}
	}
	ss.mu.Unlock()
	for _, t := range todo {
		ss.setState(context.Background(), t[0], t[1], t[2], t[3], StreamReconnecting, describeErr(err))
	}
}
