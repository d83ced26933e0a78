package salesforce

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// The Bayeux protocol (CometD long polling) as the Salesforce Streaming API speaks it: every
// request is a POST of a JSON array of messages to {instance}/cometd/{version}, every answer a
// JSON array of replies and, on /meta/connect, the events that arrived meanwhile.

// bayeuxMessage is one Bayeux message, request or reply.
type bayeuxMessage struct {
	Channel                  string          `json:"channel"`
	ID                       string          `json:"id,omitempty"`
	ClientID                 string          `json:"clientId,omitempty"`
	Version                  string          `json:"version,omitempty"`
	MinimumVersion           string          `json:"minimumVersion,omitempty"`
	SupportedConnectionTypes []string        `json:"supportedConnectionTypes,omitempty"`
	ConnectionType           string          `json:"connectionType,omitempty"`
	Subscription             string          `json:"subscription,omitempty"`
	Successful               bool            `json:"successful,omitempty"`
	Error                    string          `json:"error,omitempty"`
	Advice                   *Advice         `json:"advice,omitempty"`
	Ext                      map[string]any  `json:"ext,omitempty"`
	Data                     json.RawMessage `json:"data,omitempty"`
}

// Advice is a Bayeux server's advice on how to go on after a reply.
type Advice struct {
	Reconnect string `json:"reconnect,omitempty"` // retry (connect again), handshake (start over) or none
	Interval  int    `json:"interval,omitempty"`  // milliseconds to wait before the next connect
	Timeout   int    `json:"timeout,omitempty"`   // milliseconds the server holds a connect open
}

// The reconnect advice values.
const (
	ReconnectRetry     = "retry"
	ReconnectHandshake = "handshake"
	ReconnectNone      = "none"
)

// defaultConnectTimeout is how long Salesforce holds a connect open when it gives no advice.
const defaultConnectTimeout = 110 * time.Second

// errStreamAuth marks a streaming answer that refuses the session (HTTP 401, 401::…).
var errStreamAuth = errors.New("the Streaming API refused the session")

// bayeux is one Bayeux session: endpoint, credentials, cookies and, after a handshake, the
// client id and the server's last advice. Sends may run concurrently (a subscribe while a
// connect is held open); clientID and advice are only touched by the stream's own goroutine.
type bayeux struct {
	endpoint string
	token    string
	gen      uint64 // the Client session generation the token belongs to
	hc       *http.Client
	clientID string
	advice   Advice
	seq      atomic.Int64
}

// newBayeux prepares a session against instance (e.g. https://x.my.salesforce.com).
func newBayeux(instance, version, token string, gen uint64, rt http.RoundTripper) *bayeux {
	jar, _ := cookiejar.New(nil) // Salesforce ties a client to its node by the BAYEUX_BROWSER cookie
	return &bayeux{endpoint: strings.TrimRight(instance, "/") + "/cometd/" + version, token: token, gen: gen,
		hc: &http.Client{Transport: rt, Jar: jar}, advice: Advice{Reconnect: ReconnectRetry, Timeout: int(defaultConnectTimeout / time.Millisecond)}}
}

// send posts msgs and returns the server's messages; timeout bounds the whole exchange.
func (b *bayeux) send(ctx context.Context, timeout time.Duration, msgs ...bayeuxMessage) ([]bayeuxMessage, error) {
	for i := range msgs {
		msgs[i].ID = strconv.FormatInt(b.seq.Add(1), 10)
	}
	body, err := json.Marshal(msgs)
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", msgs[0].Channel, err)
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.endpoint, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("build %s request: %w", msgs[0].Channel, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+b.token)
	resp, err := b.hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", msgs[0].Channel, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
	if err != nil {
		return nil, fmt.Errorf("%s: read answer: %w", msgs[0].Channel, err)
	}
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		return nil, fmt.Errorf("%s: HTTP 401: %w", msgs[0].Channel, errStreamAuth)
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("%s: HTTP %d: %s", msgs[0].Channel, resp.StatusCode, snippet(data))
	}
	var out []bayeuxMessage
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("%s: decode answer %s: %w", msgs[0].Channel, snippet(data), err)
	}
	return out, nil
}

// snippet is the start of an answer body, for error messages.
func snippet(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// handshake starts a session, asking for Salesforce's replay extension.
func (b *bayeux) handshake(ctx context.Context) error {
	msgs, err := b.send(ctx, 30*time.Second, bayeuxMessage{Channel: "/meta/handshake", Version: "1.0", MinimumVersion: "1.0",
		SupportedConnectionTypes: []string{"long-polling"}, Ext: map[string]any{"replay": true}})
	if err != nil {
		return err
	}
	for _, m := range msgs {
		if m.Channel != "/meta/handshake" {
			continue
		}
		if !m.Successful {
			return replyError("handshake", m)
		}
		b.clientID = m.ClientID
		b.takeAdvice(m.Advice)
		return nil
	}
	return errors.New("handshake: the answer has no /meta/handshake reply")
}

// takeAdvice keeps the fields the server sent.
func (b *bayeux) takeAdvice(a *Advice) {
	if a == nil {
		return
	}
	if a.Reconnect != "" {
		b.advice.Reconnect = a.Reconnect
	}
	b.advice.Interval = a.Interval
	if a.Timeout > 0 {
		b.advice.Timeout = a.Timeout
	}
}

// connectTimeout is how long to wait for a connect: the server's hold time plus a margin.
func (b *bayeux) connectTimeout() time.Duration {
	return time.Duration(b.advice.Timeout)*time.Millisecond + 30*time.Second
}

// connectMsg is the long-polling /meta/connect request.
func (b *bayeux) connectMsg() bayeuxMessage {
	return bayeuxMessage{Channel: "/meta/connect", ClientID: b.clientID, ConnectionType: "long-polling"}
}

// subscribeMsg subscribes to channel from replayID (Salesforce's replay extension).
func (b *bayeux) subscribeMsg(channel string, replayID int64) bayeuxMessage {
	return bayeuxMessage{Channel: "/meta/subscribe", ClientID: b.clientID, Subscription: channel,
		Ext: map[string]any{"replay": map[string]int64{channel: replayID}}}
}

// replyError turns a failed reply into an error; authentication failures match errStreamAuth.
func replyError(what string, m bayeuxMessage) error {
	reason := m.Error
	if sfdc, ok := m.Ext["sfdc"].(map[string]any); ok {
		if fr, ok := sfdc["failureReason"].(string); ok && fr != "" {
			reason += " (" + fr + ")"
		}
	}
	if reason == "" {
		reason = "refused without a reason"
	}
	if strings.Contains(reason, "401::") {
		return fmt.Errorf("%s: %s: %w", what, reason, errStreamAuth)
	}
	return fmt.Errorf("%s: %s", what, reason)
}

// unknownClient reports whether a reply says the server forgot the client (403::Unknown client).
func unknownClient(m bayeuxMessage) bool {
	return strings.HasPrefix(m.Error, "403::") && strings.Contains(strings.ToLower(m.Error), "unknown client")
}
