package sfemu

import (
	"fmt"
	"net/http"
	"sort"
	"time"
)

// streamSubscribe subscribes a client to channel from replay (-1 new events, -2 all retained,
// else a retained replay id).
func (s *Server) streamSubscribe(reply bayeuxMsg, clientID, channel string, replay int64) bayeuxMsg {
	reply["clientId"], reply["subscription"] = clientID, channel
	exists := s.channelExists(channel)
	st := &s.stream
	st.mu.Lock()
	defer st.mu.Unlock()
	c := st.clients[clientID]
	if c == nil {
		return unknownClient(reply)
	}
	if !exists {
		reply["error"] = "400::The channel you requested to subscribe to does not exist {" + channel + "}"
		return reply
	}
	var dropped int64
	if l := st.logs[channel]; l != nil {
		dropped = l.dropped
	}
	cursor := replay
	switch {
	case replay == -1:
		cursor = st.replay
	case replay == -2:
		cursor = dropped
	case replay < dropped || replay > st.replay:
		reply["error"] = fmt.Sprintf("400::The replayId {%d} you provided was invalid. Please provide a valid ID, -2 to replay all events, or -1 to replay only new events.", replay)
		return reply
	}
	c.subs[channel] = cursor
	if st.lastSubs == nil {
		st.lastSubs = map[string]int64{}
	}
	st.lastSubs[channel] = replay
	st.counts.Subscribes++
	st.wakeLocked() // a held connect delivers what the replay asks for
	reply["successful"] = true
	return reply
}

// channelExists reports whether channel is a selected change event channel or an active
// PushTopic's channel. It takes s.mu, so callers must not hold s.stream.mu.
func (s *Server) channelExists(channel string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if t := s.tables["PushTopic"]; t != nil {
		for _, r := range t.rows {
			if name, _ := r.f["Name"].(string); "/topic/"+name == channel && !r.deleted() && r.f["IsActive"] == true {
				return true
			}
		}
	}
	s.stream.mu.Lock()
	defer s.stream.mu.Unlock()
	for o := range s.stream.cdc {
		if changeEventChannel(o) == channel {
			return true
		}
	}
	return false
}

// SetChangeDataCapture selects the objects whose changes are published on their change event
// channels (Setup → Change Data Capture); it replaces the previous selection.
func (s *Server) SetChangeDataCapture(objects ...string) error {
	sel := map[string]bool{}
	for _, name := range objects {
		o := s.schema.lookup(name)
		if o == nil {
			return fmt.Errorf("sfemu: change data capture: unknown object %q", name)
		}
		sel[o.Name] = true
	}
	s.stream.mu.Lock()
	s.stream.cdc = sel
	s.stream.mu.Unlock()
	return nil
}

// SetStreamHold sets how long a connect waits for events (default 110 s, as Salesforce).
func (s *Server) SetStreamHold(d time.Duration) {
	s.stream.mu.Lock()
	s.stream.hold = d
	s.stream.mu.Unlock()
}

// ForceUnknownClient forgets every streaming client, as Salesforce does after a client timed
// out: held and next connects answer 403::Unknown client and clients must handshake again.
func (s *Server) ForceUnknownClient() {
	s.stream.mu.Lock()
	s.stream.clients = map[string]*streamClient{}
	s.stream.wakeLocked()
	s.stream.mu.Unlock()
}

// KillStream takes the streaming endpoint down: requests answer HTTP 503, held connects are cut
// and events that happen meanwhile are lost for good. ReviveStream brings it back.
func (s *Server) KillStream() {
	s.stream.mu.Lock()
	s.stream.down = true
	s.stream.clients = map[string]*streamClient{}
	s.stream.wakeLocked()
	s.stream.mu.Unlock()
}

// ReviveStream ends KillStream.
func (s *Server) ReviveStream() {
	s.stream.mu.Lock()
	s.stream.down = false
	s.stream.mu.Unlock()
}

// StreamStats returns what the streaming endpoint served so far.
func (s *Server) StreamStats() StreamStats {
	s.stream.mu.Lock()
	defer s.stream.mu.Unlock()
	return s.stream.counts
}

// LastReplayRequested is the replay id of the last subscription to channel, and whether there was one.
func (s *Server) LastReplayRequested(channel string) (int64, bool) {
	s.stream.mu.Lock()
	defer s.stream.mu.Unlock()
	v, ok := s.stream.lastSubs[channel]
	return v, ok
}

// doneCh is closed when the server shuts down; callers hold st.mu.
func (st *streamState) doneCh() chan struct{} {
	if st.done == nil {
		st.done = make(chan struct{})
	}
	return st.done
}

// hookStreamShutdown makes Close release held connects at once instead of waiting for them.
func (s *Server) hookStreamShutdown() {
	s.stream.mu.Lock()
	defer s.stream.mu.Unlock()
	if s.stream.hooked || s.httpSrv == nil {
		return
	}
	s.stream.hooked = true
	done := s.stream.doneCh()
	s.httpSrv.RegisterOnShutdown(func() { close(done) })
}

// channelMembers answers a Tooling API query of PlatformEventChannelMember: the objects selected
// for Change Data Capture (SetChangeDataCapture) as members of the standard ChangeEvents channel.
// The WHERE clause is not evaluated.
func (c *call) channelMembers() {
	c.s.stream.mu.Lock()
	var names []string
	for o := range c.s.stream.cdc {
		names = append(names, o)
	}
	c.s.stream.mu.Unlock()
	sort.Strings(names)
	recs := make([]map[string]any, 0, len(names))
	for i, o := range names {
		id := makeID("0v8", int64(i+1))
		recs = append(recs, map[string]any{"attributes": map[string]any{"type": "PlatformEventChannelMember",
			"url": c.base() + "/tooling/sobjects/PlatformEventChannelMember/" + id}, "Id": id,
			"EventChannel": "ChangeEvents", "SelectedEntity": changeEventChannel(o)[len("/data/"):]})
	}
	c.json(http.StatusOK, map[string]any{"size": len(recs), "totalSize": len(recs), "done": true, "queryLocator": nil,
		"entityTypeName": "PlatformEventChannelMember", "records": recs})
}
