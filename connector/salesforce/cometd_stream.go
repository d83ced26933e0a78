package salesforce

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Replay positions Salesforce understands besides a stored replay id.
const (
	ReplayNew = -1 // only events published after the subscription
	ReplayAll = -2 // every event still retained (24 h for PushTopics, 72 h for change events)
)

// StreamOptions are the callbacks of a Stream; each may be nil. They run on the stream's own
// goroutine, one at a time: keep them short (hand the work to another goroutine).
type StreamOptions struct {
	OnEvent     func(Event)                     // an event arrived
	OnSubscribe func(channel string, err error) // a subscription took (err nil) or was refused
	OnConnect   func(err error)                 // the session works again (nil) or failed (err)
}

// Stream is a Streaming API client: a Bayeux long-polling session that handshakes, subscribes,
// connects and follows the server's reconnect advice. Subscriptions survive a new handshake
// (after 403::Unknown client, a network failure or an expired session): they are sent again from
// the last replay id seen, so nothing retained is lost. Create it with Client.NewStream.
type Stream struct {
	c    *Client
	opts StreamOptions
	kick chan struct{}

	mu   sync.Mutex
	subs map[string]*subscription
}

// subscription is one channel's wanted state.
type subscription struct {
	replay int64 // where to resume: the last event's replay id, or ReplayNew/ReplayAll
	sent   bool  // subscribed in the current session
}

// NewStream returns a stream over this client's session; Run starts it.
func (c *Client) NewStream(o StreamOptions) *Stream {
	return &Stream{c: c, opts: o, kick: make(chan struct{}, 1), subs: map[string]*subscription{}}
}

// Subscribe asks for channel's events after replayID (a stored id, ReplayNew or ReplayAll). It
// may be called before or while Run runs; the result arrives through OnSubscribe.
func (s *Stream) Subscribe(channel string, replayID int64) {
	s.mu.Lock()
	s.subs[channel] = &subscription{replay: replayID}
	s.mu.Unlock()
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// Channels lists the channels subscribed or waiting to be.
func (s *Stream) Channels() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.subs))
	for ch := range s.subs {
		out = append(out, ch)
	}
	return out
}

// Run keeps the session alive until ctx ends, then returns ctx's error. Failures are reported
// through OnConnect and retried with the client's backoff; they never end Run.
func (s *Stream) Run(ctx context.Context) error {
	var b *bayeux
	failures := 0
	for ctx.Err() == nil {
		if b == nil {
			nb, err := s.open(ctx)
			if err != nil {
				failures++
				s.report(err)
				s.pause(ctx, failures)
				continue
			}
			b, failures = nb, 0
			s.report(nil)
		}
		s.subscribePending(ctx, b)
		again, err := s.connect(ctx, b)
		if err != nil && ctx.Err() == nil {
			failures++
			s.report(err)
			s.pause(ctx, failures)
		}
		if !again {
			b = nil
		}
	}
	return ctx.Err()
}

// pause waits before the next attempt: the client's backoff, longer while it is unauthorized.
func (s *Stream) pause(ctx context.Context, failures int) {
	d := s.c.backoff(failures)
	if s.c.unauthorizedErr() != nil {
		d = s.c.config().BackoffMax
	}
	_ = sleep(ctx, d)
}

func (s *Stream) report(err error) {
	if s.opts.OnConnect != nil {
		s.opts.OnConnect(err)
	}
}

// open logs in if needed and handshakes; a refused session is dropped so the next try logs in.
func (s *Stream) open(ctx context.Context) (*bayeux, error) {
	token, instance, gen, err := s.c.streamSession(ctx)
	if err != nil {
		return nil, fmt.Errorf("salesforce: streaming: %w", err)
	}
	b := newBayeux(instance, s.c.config().APIVersion, token, gen, s.c.config().Transport)
	if err := b.handshake(ctx); err != nil {
		s.dropOnAuth(ctx, b, err)
		return nil, fmt.Errorf("salesforce: streaming: %w", err)
	}
	s.mu.Lock()
	for _, sub := range s.subs {
		sub.sent = false
	}
	s.mu.Unlock()
	return b, nil
}

// dropOnAuth forgets the session when the Streaming API refused it, so the next open logs in.
func (s *Stream) dropOnAuth(ctx context.Context, b *bayeux, err error) {
	if errors.Is(err, errStreamAuth) {
		_ = s.c.dropSession(ctx, b.gen)
	}
}

// connect holds one /meta/connect open, sending subscriptions asked for meanwhile. It reports
// whether the session goes on (false: handshake again).
func (s *Stream) connect(ctx context.Context, b *bayeux) (bool, error) {
	if d := time.Duration(b.advice.Interval) * time.Millisecond; d > 0 {
		if err := sleep(ctx, d); err != nil {
			return false, err
		}
	}
	type result struct {
		msgs []bayeuxMessage
		err  error
	}
	done := make(chan result, 1)
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		msgs, err := b.send(cctx, b.connectTimeout(), b.connectMsg())
		done <- result{msgs, err}
	}()
	for {
		select {
		case <-s.kick:
			s.subscribePending(ctx, b)
		case r := <-done:
			if r.err != nil {
				// Start over with a handshake: its subscriptions (from the last replay ids) confirm
				// at once that the stream works again, where a plain retry would only tell when
				// the next connect returns, up to the hold time later.
				s.dropOnAuth(ctx, b, r.err)
				return false, fmt.Errorf("salesforce: streaming: %w", r.err)
			}
			return s.connected(ctx, b, r.msgs)
		case <-ctx.Done():
			return false, ctx.Err()
		}
	}
}

// connected handles a connect's answer: events first, then the reply's advice.
func (s *Stream) connected(ctx context.Context, b *bayeux, msgs []bayeuxMessage) (bool, error) {
	s.deliver(msgs)
	for _, m := range msgs {
		if m.Channel != "/meta/connect" {
			continue
		}
		b.takeAdvice(m.Advice)
		if m.Successful {
			return b.advice.Reconnect == ReconnectRetry, nil
		}
		err := replyError("connect", m)
		s.dropOnAuth(ctx, b, err)
		if unknownClient(m) {
			// The server forgot the client (it timed out or restarted): start over at once.
			return false, nil
		}
		return false, fmt.Errorf("salesforce: streaming: %w", err)
	}
	return true, nil
}

// deliver hands the data messages to OnEvent and remembers each channel's last replay id.
func (s *Stream) deliver(msgs []bayeuxMessage) {
	for _, m := range msgs {
		if strings.HasPrefix(m.Channel, "/meta/") || len(m.Data) == 0 {
			continue
		}
		ev := parseEvent(m)
		s.mu.Lock()
		if sub := s.subs[m.Channel]; sub != nil && ev.ReplayID > 0 {
			sub.replay = ev.ReplayID
		}
		s.mu.Unlock()
		if s.opts.OnEvent != nil {
			s.opts.OnEvent(ev)
		}
	}
}

// subscribePending sends the subscriptions this session has not sent yet.
func (s *Stream) subscribePending(ctx context.Context, b *bayeux) {
	s.mu.Lock()
	var todo []string
	for ch, sub := range s.subs {
		if !sub.sent {
			sub.sent = true
			todo = append(todo, ch)
		}
	}
	s.mu.Unlock()
	for _, ch := range todo {
		s.subscribeOne(ctx, b, ch, true)
	}
}

// subscribeOne sends one subscription and reports the outcome. A replay id Salesforce no longer
// holds is retried once from ReplayNew (the caller's poll covers the gap).
func (s *Stream) subscribeOne(ctx context.Context, b *bayeux, channel string, retry bool) {
	s.mu.Lock()
	sub := s.subs[channel]
	s.mu.Unlock()
	if sub == nil {
		return
	}
	msgs, err := b.send(ctx, 30*time.Second, b.subscribeMsg(channel, sub.replay))
	if err != nil {
		s.mu.Lock()
		sub.sent = false // sent again after the next connect or handshake
		s.mu.Unlock()
		s.dropOnAuth(ctx, b, err)
		s.report(fmt.Errorf("salesforce: streaming: subscribe %s: %w", channel, err))
		return
	}
	s.deliver(msgs)
	for _, m := range msgs {
		if m.Channel != "/meta/subscribe" {
			continue
		}
		switch {
		case m.Successful:
			s.subscribed(channel, nil)
		case unknownClient(m):
			s.mu.Lock()
			sub.sent = false // the pending connect learns it too and handshakes again
			s.mu.Unlock()
		case retry && strings.Contains(strings.ToLower(m.Error), "replayid"):
			s.mu.Lock()
			sub.replay = ReplayNew
			s.mu.Unlock()
			s.subscribeOne(ctx, b, channel, false)
		default:
			s.mu.Lock()
			delete(s.subs, channel)
			s.mu.Unlock()
			s.subscribed(channel, fmt.Errorf("salesforce: %w: %w", ErrSubscriptionRefused, replyError("subscribe "+channel, m)))
		}
		return
	}
}

func (s *Stream) subscribed(channel string, err error) {
	if s.opts.OnSubscribe != nil {
		s.opts.OnSubscribe(channel, err)
	}
}
