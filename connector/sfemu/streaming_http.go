package sfemu

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"time"
)

// bayeuxMsg is one message as the endpoint reads and writes it.
type bayeuxMsg = map[string]any

// handleCometD answers POST /cometd/<version>: a JSON array of Bayeux messages.
func (s *Server) handleCometD(w http.ResponseWriter, r *http.Request) {
	ver := strings.Trim(strings.TrimPrefix(r.URL.Path, "/cometd/"), "/")
	if r.Method != http.MethodPost || !knownVersion("v"+ver) {
		http.Error(w, "400 Unsupported API version. URI format: '/cometd/"+APIVersion+"'", http.StatusBadRequest)
		return
	}
	s.hookStreamShutdown()
	var in []bayeuxMsg
	body, err := io.ReadAll(io.LimitReader(r.Body, 32768))
	if err == nil {
		err = json.Unmarshal(body, &in)
	}
	if err != nil || len(in) == 0 {
		http.Error(w, "400 the body must be a JSON array of Bayeux messages", http.StatusBadRequest)
		return
	}
	authed := s.authorized(r)
	var out []bayeuxMsg
	for _, m := range in {
		replies, down := s.streamMessage(r.Context(), m, authed)
		if down {
			http.Error(w, "503 Streaming API unavailable", http.StatusServiceUnavailable)
			return
		}
		out = append(out, replies...)
	}
	if r.Context().Err() != nil {
		return
	}
	http.SetCookie(w, &http.Cookie{Name: "BAYEUX_BROWSER", Value: "sfemu", Path: "/"})
	writeJSON(w, http.StatusOK, out)
}

// streamMessage answers one message; down is true while the stream is killed.
func (s *Server) streamMessage(ctx context.Context, m bayeuxMsg, authed bool) ([]bayeuxMsg, bool) {
	st := &s.stream
	st.mu.Lock()
	down := st.down
	st.mu.Unlock()
	if down {
		return nil, true
	}
	channel, _ := m["channel"].(string)
	reply := bayeuxMsg{"channel": channel, "successful": false}
	if id, ok := m["id"]; ok {
		reply["id"] = id
	}
	if !authed {
		if channel == "/meta/handshake" {
			reply["error"], reply["advice"] = "403::Handshake denied", bayeuxMsg{"reconnect": "none"}
			reply["ext"] = bayeuxMsg{"sfdc": bayeuxMsg{"failureReason": "401::Authentication invalid"}}
		} else {
			reply["error"], reply["advice"] = "401::Authentication invalid", bayeuxMsg{"reconnect": "none", "interval": 0}
		}
		return []bayeuxMsg{reply}, false
	}
	clientID, _ := m["clientId"].(string)
	switch channel {
	case "/meta/handshake":
		return []bayeuxMsg{s.streamHandshake(reply)}, false
	case "/meta/connect":
		return s.streamConnect(ctx, reply, clientID)
	case "/meta/subscribe":
		sub, _ := m["subscription"].(string)
		return []bayeuxMsg{s.streamSubscribe(reply, clientID, sub, replayFrom(m, sub))}, false
	case "/meta/unsubscribe", "/meta/disconnect":
		st.mu.Lock()
		if c := st.clients[clientID]; c != nil {
			sub, _ := m["subscription"].(string)
			delete(c.subs, sub)
			if channel == "/meta/disconnect" {
				delete(st.clients, clientID)
			}
		}
		st.mu.Unlock()
		reply["successful"], reply["clientId"], reply["subscription"] = true, clientID, m["subscription"]
		return []bayeuxMsg{reply}, false
	}
	reply["error"] = "400::Unknown channel " + channel
	return []bayeuxMsg{reply}, false
}

// replayFrom reads Salesforce's replay extension: ext.replay[channel], -1 when absent.
func replayFrom(m bayeuxMsg, channel string) int64 {
	ext, _ := m["ext"].(map[string]any)
	rp, _ := ext["replay"].(map[string]any)
	switch v := rp[channel].(type) {
	case float64:
		return int64(v)
	case string:
		var n int64
		if _, err := fmt.Sscan(v, &n); err == nil {
			return n
		}
	}
	return -1
}

// streamHandshake creates a client.
func (s *Server) streamHandshake(reply bayeuxMsg) bayeuxMsg {
	st := &s.stream
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.clients == nil {
		st.clients = map[string]*streamClient{}
	}
	var b [12]byte
	_, _ = rand.Read(b[:])
	id := hex.EncodeToString(b[:])
	st.clients[id] = &streamClient{id: id, subs: map[string]int64{}}
	st.counts.Handshakes++
	reply["successful"], reply["clientId"], reply["version"], reply["minimumVersion"] = true, id, "1.0", "1.0"
	reply["supportedConnectionTypes"] = []string{"long-polling"}
	reply["advice"] = bayeuxMsg{"reconnect": "retry", "interval": 0, "timeout": st.holdTime().Milliseconds()}
	reply["ext"] = bayeuxMsg{"replay": true, "payload.format": true}
	return reply
}

func (st *streamState) holdTime() time.Duration {
	if st.hold > 0 {
		return st.hold
	}
	return defaultHold
}

// unknownClient is the reply to a client the server does not know (any more).
func unknownClient(reply bayeuxMsg) bayeuxMsg {
	reply["error"], reply["advice"] = "403::Unknown client", bayeuxMsg{"reconnect": "handshake", "interval": 0}
	return reply
}

// streamConnect holds a connect until events arrive for the client, the hold time passes, the
// client is dropped, the request ends or the server shuts down.
func (s *Server) streamConnect(ctx context.Context, reply bayeuxMsg, clientID string) ([]bayeuxMsg, bool) {
	st := &s.stream
	timer := time.NewTimer(st.holdTime())
	defer timer.Stop()
	reply["clientId"] = clientID
	for {
		st.mu.Lock()
		c := st.clients[clientID]
		if st.down {
			st.mu.Unlock()
			return nil, true
		}
		if c == nil {
			st.mu.Unlock()
			return []bayeuxMsg{unknownClient(reply)}, false
		}
		events := st.pendingLocked(c)
		wake, done := st.waiter(), st.doneCh()
		if len(events) > 0 {
			st.counts.Connects++
			st.counts.Delivered += len(events)
		}
		st.mu.Unlock()
		if len(events) > 0 {
			return append(events, connected(reply)), false
		}
		select {
		case <-wake:
		case <-timer.C:
			return s.countConnect(connected(reply)), false
		case <-done:
			return s.countConnect(connected(reply)), false
		case <-ctx.Done():
			return nil, false
		}
	}
}

func (s *Server) countConnect(reply bayeuxMsg) []bayeuxMsg {
	s.stream.mu.Lock()
	s.stream.counts.Connects++
	s.stream.mu.Unlock()
	return []bayeuxMsg{reply}
}

func connected(reply bayeuxMsg) bayeuxMsg {
	reply["successful"], reply["advice"] = true, bayeuxMsg{"reconnect": "retry", "interval": 0}
	return reply
}

// pendingLocked returns the client's undelivered events in replay order and moves its cursors.
func (st *streamState) pendingLocked(c *streamClient) []bayeuxMsg {
	type item struct {
		replay int64
		msg    bayeuxMsg
	}
	var items []item
	for ch, cursor := range c.subs {
		l := st.logs[ch]
		if l == nil {
			continue
		}
		i := sort.Search(len(l.events), func(i int) bool { return l.events[i].replay > cursor })
		for _, ev := range l.events[i:] {
			items = append(items, item{ev.replay, bayeuxMsg{"channel": ch, "data": ev.data}})
			c.subs[ch] = ev.replay
		}
	}
	sort.Slice(items, func(i, j int) bool { return items[i].replay < items[j].replay })
	out := make([]bayeuxMsg, len(items))
	for i, it := range items {
		out[i] = it.msg
	}
	return out
}
