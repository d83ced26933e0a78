package sfemu

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// bayeux posts Bayeux messages to /cometd/62.0 (with the client's token when authed) and
// returns the HTTP status and the decoded answer.
func (c *client) bayeux(authed bool, msgs ...map[string]any) (int, []map[string]any) {
	c.t.Helper()
	b, _ := json.Marshal(msgs)
	req, _ := http.NewRequest(http.MethodPost, c.base+"/cometd/"+APIVersion, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if authed {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var out []map[string]any
	_ = json.Unmarshal(body, &out)
	return resp.StatusCode, out
}

func (c *client) handshake() string {
	c.t.Helper()
	_, out := c.bayeux(true, map[string]any{"channel": "/meta/handshake", "version": "1.0", "supportedConnectionTypes": []string{"long-polling"}})
	id, _ := out[0]["clientId"].(string)
	if out[0]["successful"] != true || id == "" {
		c.t.Fatalf("handshake: %v", out)
	}
	return id
}

func TestStreamingWireErrors(t *testing.T) {
	s, c := testOrg(t, Options{Seed: 3, SeedCount: 5})
	s.SetStreamHold(100 * time.Millisecond)
	if err := s.SetChangeDataCapture("Opportunity"); err != nil {
		t.Fatal(err)
	}
	_, out := c.bayeux(false, map[string]any{"channel": "/meta/handshake"})
	ext, _ := out[0]["ext"].(map[string]any)
	if out[0]["error"] != "403::Handshake denied" || !strings.Contains(mustJSON(ext), "401::Authentication invalid") {
		t.Errorf("handshake without a session: %v", out)
	}
	id := c.handshake()
	subscribe := func(channel string, replay any) map[string]any {
		_, out := c.bayeux(true, map[string]any{"channel": "/meta/subscribe", "clientId": id, "subscription": channel,
			"ext": map[string]any{"replay": map[string]any{channel: replay}}})
		return out[0]
	}
	for _, tc := range []struct {
		channel string
		replay  any
		want    string
	}{
		{"/data/LeadChangeEvent", -1, "400::The channel you requested to subscribe to does not exist {/data/LeadChangeEvent}"},
		{"/topic/nope", -1, "400::The channel you requested to subscribe to does not exist {/topic/nope}"},
		{"/data/OpportunityChangeEvent", 99999, "400::The replayId {99999} you provided was invalid"},
		{"/data/OpportunityChangeEvent", "-2", ""},
	} {
		got := subscribe(tc.channel, tc.replay)
		if e, _ := got["error"].(string); !strings.HasPrefix(e, tc.want) || (tc.want == "") != (got["successful"] == true) {
			t.Errorf("subscribe %s from %v: %v, want error %q", tc.channel, tc.replay, got, tc.want)
		}
	}
	_, out = c.bayeux(true, map[string]any{"channel": "/meta/connect", "clientId": "gone", "connectionType": "long-polling"})
	advice, _ := out[0]["advice"].(map[string]any)
	if out[0]["error"] != "403::Unknown client" || advice["reconnect"] != "handshake" {
		t.Errorf("connect of an unknown client: %v", out)
	}
	s.KillStream()
	if status, _ := c.bayeux(true, map[string]any{"channel": "/meta/handshake"}); status != http.StatusServiceUnavailable {
		t.Errorf("killed stream answered %d, want 503", status)
	}
}

func TestStreamingChangeEventShape(t *testing.T) {
	s, c := testOrg(t, Options{Seed: 3, SeedCount: 5})
	if err := s.SetChangeDataCapture("Opportunity"); err != nil {
		t.Fatal(err)
	}
	id := c.handshake()
	c.bayeux(true, map[string]any{"channel": "/meta/subscribe", "clientId": id, "subscription": "/data/OpportunityChangeEvent"})
	opp := s.Records("Opportunity")[0]["Id"].(string)
	if err := s.Update("Opportunity", opp, map[string]any{"StageName": "Closed Won"}); err != nil {
		t.Fatal(err)
	}
	_, out := c.bayeux(true, map[string]any{"channel": "/meta/connect", "clientId": id, "connectionType": "long-polling"})
	if len(out) != 2 || out[0]["channel"] != "/data/OpportunityChangeEvent" || out[1]["channel"] != "/meta/connect" || out[1]["successful"] != true {
		t.Fatalf("connect answer %v, want the event then the connect reply", out)
	}
	data := out[0]["data"].(map[string]any)
	payload := data["payload"].(map[string]any)
	h := payload["ChangeEventHeader"].(map[string]any)
	changed := mustJSON(h["changedFields"])
	if h["entityName"] != "Opportunity" || h["changeType"] != "UPDATE" || mustJSON(h["recordIds"]) != `["`+opp+`"]` ||
		!strings.Contains(changed, "StageName") || !strings.Contains(changed, "SystemModstamp") || payload["StageName"] != "Closed Won" {
		t.Fatalf("change event %v", data)
	}
	if r, _ := data["event"].(map[string]any)["replayId"].(float64); r <= 0 {
		t.Fatalf("replayId %v", data["event"])
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
