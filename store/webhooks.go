package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Webhook is one outbound subscription: events are POSTed to URL, signed with Secret.
type Webhook struct {
	ID          int64    `json:"id"`
	URL         string   `json:"url"`
	Events      []string `json:"events"`
	Secret      string   `json:"-"`
	SecretErr   error    `json:"-"` // set when the stored secret cannot be decrypted (see UseSecretBox)
	Description string   `json:"description"`
	Active      bool     `json:"active"`
	CreatedAt   string   `json:"created_at"`
}

const webhookCols = `id, url, events, secret, description, active, created_at`

func (db *DB) scanWebhook(s interface{ Scan(...any) error }) (*Webhook, error) {
	w := &Webhook{}
	var events, secret string
	if err := s.Scan(&w.ID, &w.URL, &events, &secret, &w.Description, &w.Active, &w.CreatedAt); err != nil {
		return nil, err
	}
	db.openWebhookSecret(w, secret)
	if events != "" {
		w.Events = strings.Split(events, ",")
	}
	return w, nil
}

// CreateWebhook stores a subscription (active) and fills its ID and CreatedAt;
// the secret is sealed when the store has a key (UseSecretBox). The caller
// validates URL, events and secret.
func (db *DB) CreateWebhook(ctx context.Context, w *Webhook, actor string) error {
	w.CreatedAt, w.Active = db.Now(), true
	return db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO webhooks (url, events, secret, description, active, created_at) VALUES (?, ?, '', ?, 1, ?)`,
			w.URL, strings.Join(w.Events, ","), w.Description, w.CreatedAt)
		if err != nil {
			return fmt.Errorf("store: create webhook: %w", describeDiskError(err))
		}
		w.ID, _ = res.LastInsertId()
		sealed, err := db.sealWebhookSecret(w.ID, w.Secret)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE webhooks SET secret = ? WHERE id = ?`, sealed, w.ID); err != nil {
			return fmt.Errorf("store: create webhook: %w", describeDiskError(err))
		}
		return db.AuditTx(ctx, tx, actor, "webhook.create", fmt.Sprintf("webhook %d", w.ID), w.URL)
	})
}

// UpdateWebhook saves URL, events, secret, description and active of an existing subscription.
func (db *DB) UpdateWebhook(ctx context.Context, w *Webhook, actor string) error {
	if w.SecretErr != nil && w.Secret == "" {
		return fmt.Errorf("store: update webhook %d: its signing secret cannot be read (%v); give it a new secret: %w", w.ID, w.SecretErr, ErrInvalid)
	}
	sealed, err := db.sealWebhookSecret(w.ID, w.Secret)
	if err != nil {
		return err
	}
	return db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE webhooks SET url = ?, events = ?, secret = ?, description = ?, active = ? WHERE id = ?`,
			w.URL, strings.Join(w.Events, ","), sealed, w.Description, w.Active, w.ID)
		if err != nil {
			return fmt.Errorf("store: update webhook %d: %w", w.ID, describeDiskError(err))
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("store: update webhook %d: %w", w.ID, ErrNotFound)
		}
		return db.AuditTx(ctx, tx, actor, "webhook.update", fmt.Sprintf("webhook %d", w.ID), w.URL)
	})
}

// WebhookByID returns the subscription, or ErrNotFound.
func (db *DB) WebhookByID(ctx context.Context, id int64) (*Webhook, error) {
	w, err := db.scanWebhook(db.R.QueryRowContext(ctx, `SELECT `+webhookCols+` FROM webhooks WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: webhook %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: webhook %d: %w", id, err)
	}
	return w, nil
}

// ListWebhooks returns every subscription, oldest first.
func (db *DB) ListWebhooks(ctx context.Context) ([]*Webhook, error) {
	rows, err := db.R.QueryContext(ctx, `SELECT `+webhookCols+` FROM webhooks ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: list webhooks: %w", err)
	}
	defer rows.Close()
	var out []*Webhook
	for rows.Next() {
		w, err := db.scanWebhook(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list webhooks: %w", err)
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// Outbox states.
const (
	OutboxPending   = "pending"
	OutboxDelivered = "delivered"
	OutboxFailed    = "failed"
)

// OutboxItem is one event waiting for (or done with) delivery to one webhook.
type OutboxItem struct {
	ID            int64  `json:"id"`
	WebhookID     int64  `json:"webhook_id"`
	Event         string `json:"event"`
	Payload       string `json:"payload"`
	State         string `json:"state"`
	Attempts      int    `json:"attempts"`
	NextAttemptAt string `json:"next_attempt_at"`
	LastError     string `json:"last_error,omitempty"`
	CreatedAt     string `json:"created_at"`
	DeliveredAt   string `json:"delivered_at,omitempty"`
}

const outboxCols = `id, webhook_id, event, payload, state, attempts, next_attempt_at, last_error, created_at, coalesce(delivered_at, '')`

func scanOutbox(s interface{ Scan(...any) error }) (*OutboxItem, error) {
	o := &OutboxItem{}
	return o, s.Scan(&o.ID, &o.WebhookID, &o.Event, &o.Payload, &o.State, &o.Attempts, &o.NextAttemptAt, &o.LastError, &o.CreatedAt, &o.DeliveredAt)
}

// EnqueueEventTx queues payload for every active webhook subscribed to event
// that existed when the event happened (at), returning how many rows it queued.
func (db *DB) EnqueueEventTx(ctx context.Context, tx *sql.Tx, event string, payload []byte, at string) (int, error) {
	now := db.Now()
	res, err := tx.ExecContext(ctx, `INSERT INTO webhook_outbox (webhook_id, event, payload, next_attempt_at, created_at)
		SELECT id, ?, ?, ?, ? FROM webhooks
		WHERE active = 1 AND created_at <= ? AND (',' || events || ',') LIKE ('%,' || ? || ',%')`,
		event, string(payload), now, now, at, event)
	if err != nil {
		return 0, fmt.Errorf("store: queue %s: %w", event, describeDiskError(err))
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// Delivery is one attempt to deliver an outbox row.
type Delivery struct {
	ID         int64  `json:"id"`
	OutboxID   int64  `json:"outbox_id"`
	WebhookID  int64  `json:"webhook_id"`
	Event      string `json:"event"`
	StatusCode int    `json:"status_code"`
	Error      string `json:"error,omitempty"`
	DurationMS int64  `json:"duration_ms"`
	CreatedAt  string `json:"created_at"`
}

// DueOutbox returns up to n pending outbox rows whose next attempt is due, oldest first.
func (db *DB) DueOutbox(ctx context.Context, n int) ([]*OutboxItem, error) {
	rows, err := db.R.QueryContext(ctx, `SELECT `+outboxCols+` FROM webhook_outbox
		WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`, db.Now(), n)
	if err != nil {
		return nil, fmt.Errorf("store: due outbox: %w", err)
	}
	defer rows.Close()
	var out []*OutboxItem
	for rows.Next() {
		o, err := scanOutbox(rows)
		if err != nil {
			return nil, fmt.Errorf("store: due outbox: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// RecordDelivery logs one attempt and moves the outbox row on: delivered when
// errMsg is "", else pending again at next, or failed when next is zero. The
// row's webhook job ends with it (done or failed) in the same transaction;
// while the row is pending again the outbound runner reschedules the job.
func (db *DB) RecordDelivery(ctx context.Context, outboxID int64, status int, errMsg string, took time.Duration, next time.Time) error {
	return db.Tx(ctx, func(tx *sql.Tx) error {
		now := db.Now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO webhook_deliveries (outbox_id, status_code, error, duration_ms, created_at)
			VALUES (?, ?, ?, ?, ?)`, outboxID, status, errMsg, took.Milliseconds(), now); err != nil {
			return fmt.Errorf("store: log delivery of %d: %w", outboxID, describeDiskError(err))
		}
		var err error
		state := ""
		switch {
		case errMsg == "":
			state = JobDone
			_, err = tx.ExecContext(ctx, `UPDATE webhook_outbox SET state = 'delivered', attempts = attempts + 1, delivered_at = ?, last_error = ''
				WHERE id = ?`, now, outboxID)
		case next.IsZero():
			state = JobFailed
			_, err = tx.ExecContext(ctx, `UPDATE webhook_outbox SET state = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?`, errMsg, outboxID)
		default:
			_, err = tx.ExecContext(ctx, `UPDATE webhook_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?`,
				errMsg, next.UTC().Format(TimeFormat), outboxID)
		}
		if err != nil {
			return fmt.Errorf("store: update outbox %d: %w", outboxID, describeDiskError(err))
		}
		if state == "" {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE jobs SET state = ?, last_error = ?, updated_at = ? WHERE kind = ? AND ref = ?`,
			state, errMsg, now, JobWebhook, fmt.Sprint(outboxID)); err != nil {
			return fmt.Errorf("store: end the delivery job of %d: %w", outboxID, describeDiskError(err))
		}
		return nil
	})
}

// OutboxByID returns one outbox row, or ErrNotFound.
func (db *DB) OutboxByID(ctx context.Context, id int64) (*OutboxItem, error) {
	o, err := scanOutbox(db.R.QueryRowContext(ctx, `SELECT `+outboxCols+` FROM webhook_outbox WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: outbox row %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: outbox row %d: %w", id, err)
	}
	return o, nil
}

// ListDeliveries returns the newest delivery attempts (of one webhook when webhookID ≠ 0), newest first.
func (db *DB) ListDeliveries(ctx context.Context, webhookID int64, limit int) ([]Delivery, error) {
	rows, err := db.R.QueryContext(ctx, `SELECT d.id, d.outbox_id, o.webhook_id, o.event, d.status_code, d.error, d.duration_ms, d.created_at
		FROM webhook_deliveries d JOIN webhook_outbox o ON o.id = d.outbox_id
		WHERE ? = 0 OR o.webhook_id = ? ORDER BY d.id DESC LIMIT ?`, webhookID, webhookID, pageLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("store: list deliveries: %w", err)
	}
	defer rows.Close()
	var out []Delivery
	for rows.Next() {
		var d Delivery
		if err := rows.Scan(&d.ID, &d.OutboxID, &d.WebhookID, &d.Event, &d.StatusCode, &d.Error, &d.DurationMS, &d.CreatedAt); err != nil {
			return nil, fmt.Errorf("store: list deliveries: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// ListOutbox returns the newest outbox rows of a webhook (all when webhookID is 0), newest first.
func (db *DB) ListOutbox(ctx context.Context, webhookID int64, limit int) ([]*OutboxItem, error) {
	rows, err := db.R.QueryContext(ctx, `SELECT `+outboxCols+` FROM webhook_outbox WHERE ? = 0 OR webhook_id = ?
		ORDER BY id DESC LIMIT ?`, webhookID, webhookID, pageLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("store: list outbox: %w", err)
	}
	defer rows.Close()
	var out []*OutboxItem
	for rows.Next() {
		o, err := scanOutbox(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list outbox: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
