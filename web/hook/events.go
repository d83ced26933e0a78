package hook

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/refsync/refsync/store"
)

// Event names a webhook can subscribe to.
const (
	EventReferralCreated       = "referral.created"
	EventReferralStatusChanged = "referral.status_changed"
	EventEntryReview           = "entry.review"
)

// Events lists every event name, in the order the UI shows them.
var Events = []string{EventReferralCreated, EventReferralStatusChanged, EventEntryReview}

// ValidEvent reports whether name is an event a webhook can subscribe to.
func ValidEvent(name string) bool {
	for _, e := range Events {
		if e == name {
			return true
		}
	}
	return false
}

// Envelope is the JSON body of every delivery.
type Envelope struct {
	ID        string `json:"id"`   // stable per event: receivers de-duplicate on it
	Type      string `json:"type"` // the event name
	CreatedAt string `json:"created_at"`
	Data      any    `json:"data"`
}

// ReferralData is a referral as webhooks describe it.
type ReferralData struct {
	ID         string       `json:"id"`
	ExternalID string       `json:"external_id"`
	FirstName  string       `json:"first_name"`
	LastName   string       `json:"last_name"`
	Email      string       `json:"email"`
	Company    string       `json:"company"`
	MemberCode string       `json:"member_code,omitempty"`
	Status     string       `json:"status"`
	Salesforce []store.Link `json:"salesforce"`
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
	Count   int                `json:"count"`   // entries that went to review since the last digest
	Entries []store.ReviewItem `json:"entries"` // the newest of them
}

// statusPayload builds the event for one status history row.
func statusPayload(ctx context.Context, db *store.DB, e store.StatusEvent) (string, []byte, error) {
	name := EventReferralStatusChanged
	if e.From == "" {
		name = EventReferralCreated
	}
	r, err := db.ReferralByID(ctx, e.ReferralID)
	if errors.Is(err, store.ErrNotFound) {
		return "", nil, nil
	}
	if err != nil {
		return "", nil, err
	}
	links, err := db.LinksOfReferral(ctx, r.ID)
	if err != nil {
		return "", nil, err
	}
	if links == nil {
		links = []store.Link{}
	}
	data := StatusData{From: e.From, To: e.To, Actor: e.Actor, EntryID: e.EntryID, Note: e.Note,
		Referral: ReferralData{ID: r.ID, ExternalID: r.ExternalID, FirstName: r.FirstName, LastName: r.LastName, Email: r.Email,
			Company: r.Company, MemberCode: r.MemberCode, Status: e.To, Salesforce: links}}
	b, err := json.Marshal(Envelope{ID: fmt.Sprintf("evt_h%d", e.ID), Type: name, CreatedAt: e.At, Data: data})
	return name, b, err
}

// reviewPayload builds one entry.review digest.
func reviewPayload(now time.Time, count int, items []store.ReviewItem) ([]byte, error) {
	if items == nil {
		items = []store.ReviewItem{}
	}
	id := fmt.Sprintf("evt_r%d", 0)
	if len(items) > 0 {
		id = fmt.Sprintf("evt_r%d", items[0].HistoryID)
	}
	return json.Marshal(Envelope{ID: id, Type: EventEntryReview, CreatedAt: now.UTC().Format(store.TimeFormat),
		Data: ReviewData{Count: count, Entries: items}})
}
