package sfemu

import (
	"encoding/json"
	"strings"
	"sync"
	"time"
)

// The Streaming API: Change Data Capture channels (/data/<Object>ChangeEvent) for the objects
// selected with SetChangeDataCapture, PushTopic channels (/topic/<Name>) for the PushTopic
// records created through the REST API, retained events with replay ids, and the Bayeux
// long-polling endpoint /cometd/<version> (streaming_http.go).
//
// Deviations from Salesforce, on purpose: replay ids are one counter for the whole org (they rise
// per channel all the same); events are retained by number (retainEvents per channel), not for 24
// or 72 hours, and only in memory; a PushTopic's WHERE clause is ignored (every change of its
// object notifies) and its name is not checked for uniqueness; no org selects Change Data
// Capture objects by default, as in a new org.

// retainEvents is how many events each channel keeps for replay.
const retainEvents = 10000

// defaultHold is how long a connect waits for events, as Salesforce's advice timeout says.
const defaultHold = 110 * time.Second

// streamState is the emulated Streaming API; its zero value is ready.
type streamState struct {
	mu       sync.Mutex
	cdc      map[string]bool // objects selected for Change Data Capture (canonical names)
	logs     map[string]*eventLog
	clients  map[string]*streamClient
	replay   int64         // the last replay id handed out
	wake     chan struct{} // closed (and replaced) when events arrive or clients are dropped
	done     chan struct{} // closed when the server shuts down
	hold     time.Duration
	down     bool // KillStream: the endpoint answers 503 and events are lost
	hooked   bool // the shutdown hook is registered
	lastSubs map[string]int64
	counts   StreamStats
}

// eventLog is one channel's retained events, oldest first.
type eventLog struct {
	events  []streamEvent
	dropped int64 // the highest replay id no longer retained
}

// streamEvent is one published event.
type streamEvent struct {
	replay int64
	data   map[string]any
}

// streamClient is one handshaken Bayeux client.
type streamClient struct {
	id   string
	subs map[string]int64 // channel → the last replay id delivered
}

// StreamStats counts what the streaming endpoint served, for tests and the demo.
type StreamStats struct {
	Handshakes, Connects, Subscribes, Delivered int
}

// wakeLocked wakes every held connect; callers hold st.mu.
func (st *streamState) wakeLocked() {
	if st.wake != nil {
		close(st.wake)
	}
	st.wake = make(chan struct{})
}

// waiter returns the channel that the next wake closes; callers hold st.mu.
func (st *streamState) waiter() chan struct{} {
	if st.wake == nil {
		st.wake = make(chan struct{})
	}
	return st.wake
}

// publishLocked appends an event to channel's log; callers hold st.mu.
func (st *streamState) publishLocked(channel string, data func(replay int64) map[string]any) {
	if st.down {
		return // a killed stream loses what happens meanwhile
	}
	if st.logs == nil {
		st.logs = map[string]*eventLog{}
	}
	l := st.logs[channel]
	if l == nil {
		l = &eventLog{}
		st.logs[channel] = l
	}
	st.replay++
	l.events = append(l.events, streamEvent{replay: st.replay, data: data(st.replay)})
	if n := len(l.events) - retainEvents; n > 0 {
		l.dropped = l.events[n-1].replay
		l.events = append([]streamEvent(nil), l.events[n:]...)
	}
	st.wakeLocked()
}

// recordChanged publishes prev → r (prev nil: created) on the record's change event channel and
// its PushTopics. It runs inside every write (put); callers hold s.mu.
func (s *Server) recordChanged(prev, r *record) {
	topics := s.pushTopicsFor(r.obj.Name)
	s.stream.mu.Lock()
	defer s.stream.mu.Unlock()
	if !s.stream.cdc[r.obj.Name] && len(topics) == 0 {
		return
	}
	kind := changeKind(prev, r)
	ts := s.now().UTC()
	if s.stream.cdc[r.obj.Name] {
		s.stream.publishLocked(changeEventChannel(r.obj.Name), func(replay int64) map[string]any {
			return changeEvent(prev, r, kind, ts, s.userID, replay)
		})
	}
	for _, t := range topics {
		if !t.notifies(kind) {
			continue
		}
		s.stream.publishLocked("/topic/"+t.name, func(replay int64) map[string]any {
			return map[string]any{"event": map[string]any{"createdDate": ts.Format("2006-01-02T15:04:05.000Z"),
				"replayId": replay, "type": strings.ToLower(kind) + "d"}, "sobject": t.fields(r)}
		})
	}
}

// changeKind is CREATE, UPDATE or DELETE.
func changeKind(prev, r *record) string {
	switch {
	case prev == nil:
		return "CREATE"
	case r.deleted() && !prev.deleted():
		return "DELETE"
	case !r.deleted() && prev.deleted():
		return "UNDELETE"
	}
	return "UPDATE"
}

// changeEventChannel is the Change Data Capture channel of an object.
func changeEventChannel(object string) string {
	if base, ok := strings.CutSuffix(object, "__c"); ok {
		return "/data/" + base + "__ChangeEvent"
	}
	return "/data/" + object + "ChangeEvent"
}

// changeEvent is a change event's data as a CometD client receives it: the header, and the
// fields that changed (all of them on create).
func changeEvent(prev, r *record, kind string, ts time.Time, user string, replay int64) map[string]any {
	payload := map[string]any{}
	var changed []string
	for k, v := range r.f {
		if kind == "CREATE" || prev != nil && !sameValue(prev.f[k], v) {
			payload[k] = v
			changed = append(changed, k)
		}
	}
	if kind != "UPDATE" {
		changed = []string{}
	}
	payload["ChangeEventHeader"] = map[string]any{"entityName": r.obj.Name, "recordIds": []string{r.id()},
		"changeType": kind, "changeOrigin": "com/salesforce/api/rest/" + APIVersion, "transactionKey": randomToken("tx"),
		"sequenceNumber": 1, "commitTimestamp": ts.UnixMilli(), "commitUser": user, "commitNumber": replay,
		"changedFields": changed}
	return map[string]any{"schema": "sfemu-" + r.obj.Name, "payload": payload, "event": map[string]any{"replayId": replay}}
}

// sameValue compares two stored field values (strings, numbers, booleans, nil).
func sameValue(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}
