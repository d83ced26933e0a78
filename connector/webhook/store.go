package webhook

import (
	"context"
	"errors"
	"time"

	"github.com/refsync/refsync/connector/outbound"
)

// Names shared with the database (store declares the same values).
const (
	JobKind       = "webhook"                     // the job kind of one outbox row's delivery; ref is the row's id
	OutboxPending = "pending"                     // an outbox row still to be delivered
	TimeFormat    = "2006-01-02T15:04:05.000000Z" // how times are stored
	// CursorReviewMail is the review digest's email stream.
	CursorReviewMail = "entry_review_mail"
	// CursorReviewHook is the entry.review webhook digest's stream.
	CursorReviewHook = "entry_review"
)

// ErrNotFound is what a Store returns for a row that does not exist.
var ErrNotFound = errors.New("webhook: not found")

// Store is what the dispatcher reads and writes: the durable job table, the
// outbox, the delivery log and the review digest's cursors. connector may not
// import store, so cmd/refsync adapts *store.DB to it.
type Store interface {
	outbound.Queue
	// QueueStatusEvents writes outbox rows for up to limit status history rows not yet seen, built by build.
	QueueStatusEvents(ctx context.Context, limit int, build func(StatusEvent) (string, []byte, error)) (int, error)
	// EventReferral is a referral as events describe it, with its Salesforce links; ErrNotFound when it is gone.
	EventReferral(ctx context.Context, id string) (*ReferralData, error)
	// QueueReviewDigest queues one entry.review digest when one is due.
	QueueReviewDigest(ctx context.Context, every time.Duration, newest int, programs []int64, build func(count int, items []ReviewItem) ([]byte, error)) (int, error)
	// PendingReviewDigest is the digest due on the named stream, or nil when none is.
	PendingReviewDigest(ctx context.Context, stream string, every time.Duration, n int, programs []int64) (*ReviewDigest, error)
	// SkipReviewDigest moves the stream's cursor past every entry: nothing piles up.
	SkipReviewDigest(ctx context.Context, stream string) error
	// QueueMail queues one email (payload: outbound.Message) and moves the stream's cursor to upTo.
	QueueMail(ctx context.Context, ref, payload, stream string, upTo int64) error
	// OutboxByID is one outbox row; ErrNotFound when it is gone.
	OutboxByID(ctx context.Context, id int64) (*OutboxItem, error)
	// WebhookByID is one webhook.
	WebhookByID(ctx context.Context, id int64) (*Webhook, error)
	// RecordDelivery logs one attempt and settles the row (next zero: done or failed for good).
	RecordDelivery(ctx context.Context, outboxID int64, status int, errMsg string, took time.Duration, next time.Time) error
	// Trouble is the Salesforce connection's state and the watched objects' last runs.
	Trouble(ctx context.Context) (Connection, []ObjectState, error)
	// RuleProblems names, one line each, the status change rules that can no longer fire.
	RuleProblems(ctx context.Context) ([]string, error)
}

// Webhook is a receiver as the dispatcher needs it.
type Webhook struct {
	ID        int64
	URL       string
	Secret    string
	SecretErr error // set when the stored secret cannot be decrypted
	Active    bool
}

// OutboxItem is one event waiting for (or done with) delivery to one webhook.
type OutboxItem struct {
	ID        int64
	WebhookID int64
	Event     string
	Payload   string
	State     string
	Attempts  int
	CreatedAt string
}

// StatusEvent is one referral status history row to announce.
type StatusEvent struct {
	ID         int64
	ReferralID string
	From, To   string
	Actor      string
	EntryID    int64
	Note       string
	At         string
}

// ReviewItem is one entry that went to the review queue.
type ReviewItem struct {
	HistoryID int64  `json:"-"`
	EntryID   int64  `json:"id"`
	Object    string `json:"object"`
	RecordID  string `json:"record_id"`
	Reason    string `json:"reason"`
	// ReasonName and ReasonWords are the reason as the UI names and explains it.
	ReasonName  string `json:"reason_name"`
	ReasonWords string `json:"reason_words"`
	ReferralID  string `json:"referral_id,omitempty"`
	At          string `json:"at"`
}

// ReviewDigest is the review digest due on a stream.
type ReviewDigest struct {
	Count int          // entries that went to review since the last digest
	Items []ReviewItem // the oldest entries waiting in review
	UpTo  int64        // the entry history row the digest covers up to
}

// Link is a Salesforce record linked to a referral, as events describe it.
type Link struct {
	RecordID   string `json:"id"`
	Object     string `json:"object"`
	ReferralID string `json:"referral_id"`
	Kind       string `json:"kind"`
	Remembered bool   `json:"remembered,omitempty"`
	DeletedAt  string `json:"deleted_at,omitempty"`
	CreatedAt  string `json:"created_at"`
}

// Connection is the Salesforce connection's last recorded state.
type Connection struct {
	State     string // connected, unauthorized, limited, error
	LastError string
	APIUsed   int
	APIMax    int
}

// ObjectState is a watched object's last sync run.
type ObjectState struct {
	Object    string
	LastError string
	Advice    string // the failure in words
}
