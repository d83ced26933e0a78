package salesforce

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// ErrSubscriptionRefused matches a subscription the Streaming API refused (no such channel, no
// access); a stream goes on without it. Change Data Capture channels of objects the org has not
// selected for change notifications are refused this way.
var ErrSubscriptionRefused = errors.New("the Streaming API refused the subscription")

// Event is one Streaming API event. Only what is needed to route it is decoded; Data keeps the
// rest (refsync does not depend on the payload: an event only says "poll this object now").
type Event struct {
	Channel    string   // e.g. /data/OpportunityChangeEvent or /topic/refsync_Lead
	ReplayID   int64    // where to resume after this event
	Object     string   // the changed records' object (Change Data Capture's entityName); "" for PushTopics
	RecordIDs  []string // the changed records
	ChangeType string   // CREATE, UPDATE, DELETE, … (change events) or created, updated, … (PushTopics)
	Data       json.RawMessage
}

// eventData is the part of an event's data refsync reads, for both kinds of channel.
type eventData struct {
	Event struct {
		ReplayID int64  `json:"replayId"`
		Type     string `json:"type"` // PushTopic: created, updated, deleted, undeleted
	} `json:"event"`
	Payload struct {
		Header struct {
			EntityName string   `json:"entityName"`
			RecordIDs  []string `json:"recordIds"`
			ChangeType string   `json:"changeType"`
		} `json:"ChangeEventHeader"`
	} `json:"payload"`
	SObject struct {
		ID string `json:"Id"`
	} `json:"sobject"`
}

// parseEvent reads a data message; what it cannot read stays zero.
func parseEvent(m bayeuxMessage) Event {
	ev := Event{Channel: m.Channel, Data: m.Data}
	var d eventData
	if json.Unmarshal(m.Data, &d) != nil {
		return ev
	}
	ev.ReplayID = d.Event.ReplayID
	h := d.Payload.Header
	ev.Object, ev.RecordIDs, ev.ChangeType = h.EntityName, h.RecordIDs, h.ChangeType
	if d.SObject.ID != "" {
		ev.RecordIDs, ev.ChangeType = []string{d.SObject.ID}, d.Event.Type
	}
	return ev
}

// ChangeEventChannel is object's Change Data Capture channel: /data/LeadChangeEvent for a
// standard object, /data/Deal__ChangeEvent for the custom object Deal__c.
func ChangeEventChannel(object string) string {
	if base, ok := strings.CutSuffix(object, "__c"); ok {
		return "/data/" + base + "__ChangeEvent"
	}
	return "/data/" + object + "ChangeEvent"
}

// PushTopicName is the name of the PushTopic refsync creates for object (at most 25
// characters, as Salesforce allows; long names are shortened with a hash).
func PushTopicName(object string) string {
	name := "refsync_" + object
	if len(name) <= 25 {
		return name
	}
	sum := sha256.Sum256([]byte(object))
	return name[:18] + "_" + hex.EncodeToString(sum[:])[:6]
}

// PushTopicChannel is the channel of a PushTopic.
func PushTopicChannel(name string) string { return "/topic/" + name }

// EnsurePushTopic returns the channel of refsync's PushTopic for object, creating the topic
// (SELECT Id FROM object, every field and operation notifies) when the org has none, and
// activating it when it was switched off.
func (c *Client) EnsurePushTopic(ctx context.Context, object string) (string, error) {
	name := PushTopicName(object)
	var found Record
	err := c.Query(ctx, "SELECT Id, IsActive FROM PushTopic WHERE Name = '"+name+"'", func(p Page) error {
		if len(p.Records) > 0 {
			found = p.Records[0]
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("salesforce: look up PushTopic %s: %w", name, err)
	}
	switch {
	case found == nil:
		_, err = c.Create(ctx, "PushTopic", map[string]any{"Name": name, "Query": "SELECT Id FROM " + object,
			"ApiVersion": apiVersionNumber(c.APIVersion()), "IsActive": true, "NotifyForFields": "All", "NotifyForOperationCreate": true,
			"NotifyForOperationUpdate": true, "NotifyForOperationDelete": true, "NotifyForOperationUndelete": true,
			"Description": "refsync: wakes the " + object + " poll when a record changes"})
	case found["IsActive"] == false:
		err = c.Update(ctx, "PushTopic", found.ID(), map[string]any{"IsActive": true})
	}
	if err != nil {
		return "", fmt.Errorf("salesforce: set up PushTopic %s for %s: %w", name, object, err)
	}
	return PushTopicChannel(name), nil
}

// apiVersionNumber is "62.0" as the number PushTopic.ApiVersion holds.
func apiVersionNumber(v string) float64 {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return 62.0
	}
	return f
}

// streamSession returns the session's access token, instance URL and generation, logging in
// when there is none; it holds the call lock only for that.
func (c *Client) streamSession(ctx context.Context) (token, instance string, gen uint64, err error) {
	if err := c.lock(ctx); err != nil {
		return "", "", 0, err
	}
	err = c.unauthorizedErr()
	if err == nil && c.sf.GetSid() == "" {
		err = c.login(ctx)
	}
	token, instance, gen = c.sf.GetSid(), c.sf.GetLoc(), c.gen
	c.unlock()
	if err != nil {
		return "", "", 0, c.markFailure(fmt.Errorf("log in: %w", err))
	}
	return token, instance, gen, nil
}

// ChangeDataCaptureObjects returns the objects the org selected for Change Data Capture on the
// standard ChangeEvents channel (Setup → Change Data Capture), read through the Tooling API's
// PlatformEventChannelMember; the user needs the View Setup and Configuration permission.
func (c *Client) ChangeDataCaptureObjects(ctx context.Context) (map[string]bool, error) {
	q := "SELECT SelectedEntity FROM PlatformEventChannelMember WHERE EventChannel = 'ChangeEvents'"
	var ans struct {
		Records []struct {
			SelectedEntity string `json:"SelectedEntity"`
		} `json:"records"`
	}
	path := "services/data/v" + c.config().APIVersion + "/tooling/query?q=" + url.QueryEscape(q)
	err := c.rest(ctx, callOpts{op: "read the Change Data Capture selection", idempotent: true}, http.MethodGet, path, nil, &ans)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, r := range ans.Records {
		name, ok := strings.CutSuffix(r.SelectedEntity, "ChangeEvent")
		if !ok || name == "" {
			continue
		}
		if strings.HasSuffix(name, "__") {
			name += "c" // Employee__ChangeEvent is the custom object Employee__c
		}
		out[name] = true
	}
	return out, nil
}

// CheckStreaming logs in if needed, handshakes with the Streaming API and disconnects again: it
// tells whether the org's Streaming API accepts this session (as `refsync doctor` reports).
func (c *Client) CheckStreaming(ctx context.Context) error {
	token, instance, gen, err := c.streamSession(ctx)
	if err != nil {
		return fmt.Errorf("salesforce: streaming: %w", err)
	}
	b := newBayeux(instance, c.config().APIVersion, token, gen, c.config().Transport)
	if err := b.handshake(ctx); err != nil {
		return fmt.Errorf("salesforce: streaming handshake at %s: %w", b.endpoint, err)
	}
	_, _ = b.send(ctx, 10*time.Second, bayeuxMessage{Channel: "/meta/disconnect", ClientID: b.clientID})
	return nil
}
