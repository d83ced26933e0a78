package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/refsync/refsync/config"
)

// Event names a webhook can subscribe to (config declares them, for the UI and the API).
const (
	EventReferralCreated       = config.EventReferralCreated
	EventReferralStatusChanged = config.EventReferralStatusChanged
	EventEntryReview           = config.EventEntryReview
)

// Events lists every event name, in the order the UI shows them.
var Events = config.WebhookEvents

// Envelope is the JSON body of every delivery.
type Envelope struct {
	ID        string `json:"id"`   // stable per event: receivers de-duplicate on it
	Type      string `json:"type"` // the event name
	CreatedAt string `json:"created_at"`
	Data      any    `json:"data"`
}

// ReferralData is a referral as webhooks describe it.
type ReferralData struct {
	ID         string   `json:"id"`
	ExternalID string   `json:"external_id"`
	FirstName  string   `json:"first_name"`
	LastName   string   `json:"last_name"`
	Email      string   `json:"email"`
	Company    string   `json:"company"`
	MemberCode string   `json:"member_code,omitempty"`
	Status     string   `json:"status"`
	Amount     *float64 `json:"amount,omitempty"`   // from a field mapping (e.g. Opportunity Amount)
	Currency   string   `json:"currency,omitempty"` // the amount's ISO code in a multi-currency org
	Salesforce []Link   `json:"salesforce"`
}

// StatusData is the data of referral.created and referral.status_changed.
type StatusData struct {
	Referral ReferralData `json:"referral"`
	From     string       `json:"from,omitempty"`
	To       string       `json:"to"`
	Actor    string       `json:"actor"`
	EntryID  int64        `json:"entry_id,omitempty"`
	Note     string       `json:"note,omitempty"`
}

// ReviewData is the data of the entry.review digest.
type ReviewData struct {
	Count   int          `json:"count"`   // entries that went to review since the last digest
	Entries []ReviewItem `json:"entries"` // the newest of them
}

// statusPayload builds the event for one status history row.
func statusPayload(ctx context.Context, db Store, e StatusEvent) (string, []byte, error) {
	name := EventReferralStatusChanged
	if e.From == "" {
		name = EventReferralCreated
	}
	r, err := db.EventReferral(ctx, e.ReferralID)
	if errors.Is(err, ErrNotFound) {
		return "", nil, nil
	}
	if err != nil {
		return "", nil, err
	}
	referral := *r
	referral.Status = e.To
	if referral.Salesforce == nil {
		referral.Salesforce = []Link{}
	}
	data := StatusData{From: e.From, To: e.To, Actor: e.Actor, EntryID: e.EntryID, Note: e.Note, Referral: referral}
	b, err := json.Marshal(Envelope{ID: fmt.Sprintf("evt_h%d", e.ID), Type: name, CreatedAt: e.At, Data: data})
	return name, b, err
}

// reviewPayload builds one entry.review digest.
func reviewPayload(now time.Time, count int, items []ReviewItem) ([]byte, error) {
	if items == nil {
		items = []ReviewItem{}
	}
	id := fmt.Sprintf("evt_r%d", 0)
	if len(items) > 0 {
		id = fmt.Sprintf("evt_r%d", items[0].HistoryID)
	}
	return json.Marshal(Envelope{ID: id, Type: EventEntryReview, CreatedAt: now.UTC().Format(TimeFormat),
		Data: ReviewData{Count: count, Entries: items}})
}
