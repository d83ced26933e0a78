package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// DeleteWebhook removes a subscription with its queued events and delivery
// log, and records who did it; ErrNotFound when there is no such webhook.
func (db *DB) DeleteWebhook(ctx context.Context, id int64, actor string) error {
	return db.Tx(ctx, func(tx *sql.Tx) error {
		var url string
		err := tx.QueryRowContext(ctx, `SELECT url FROM webhooks WHERE id = ?`, id).Scan(&url)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: delete webhook %d: %w", id, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: delete webhook %d: %w", id, err)
		}
		for _, q := range []string{
			`DELETE FROM webhook_deliveries WHERE outbox_id IN (SELECT id FROM webhook_outbox WHERE webhook_id = ?)`,
			`DELETE FROM webhook_outbox WHERE webhook_id = ?`,
			`DELETE FROM webhooks WHERE id = ?`,
		} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return fmt.Errorf("store: delete webhook %d: %w", id, describeDiskError(err))
			}
		}
		return db.AuditTx(ctx, tx, actor, "webhook.delete", fmt.Sprintf("webhook %d", id), url)
	})
}

// EnqueueForWebhook queues one event for one webhook only (a test event), due now.
func (db *DB) EnqueueForWebhook(ctx context.Context, webhookID int64, event string, payload []byte, actor string) (int64, error) {
	var id int64
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		now := db.Now()
		res, err := tx.ExecContext(ctx, `INSERT INTO webhook_outbox (webhook_id, event, payload, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?)`,
			webhookID, event, string(payload), now, now)
		if err != nil {
			return fmt.Errorf("store: queue %s for webhook %d: %w", event, webhookID, describeDiskError(err))
		}
		id, _ = res.LastInsertId()
		return db.AuditTx(ctx, tx, actor, "webhook.test", fmt.Sprintf("webhook %d", webhookID), fmt.Sprintf("event #%d", id))
	})
	return id, err
}

// ResendOutbox queues a copy of an event already sent (or given up) to the
// same webhook, due now, and returns the copy's id; ErrNotFound when the event
// is not one of that webhook's.
func (db *DB) ResendOutbox(ctx context.Context, webhookID, outboxID int64, actor string) (int64, error) {
	var id int64
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		now := db.Now()
		res, err := tx.ExecContext(ctx, `INSERT INTO webhook_outbox (webhook_id, event, payload, next_attempt_at, created_at)
			SELECT webhook_id, event, payload, ?, ? FROM webhook_outbox WHERE id = ? AND webhook_id = ?`, now, now, outboxID, webhookID)
		if err != nil {
			return fmt.Errorf("store: resend event %d: %w", outboxID, describeDiskError(err))
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("store: resend event %d of webhook %d: %w", outboxID, webhookID, ErrNotFound)
		}
		id, _ = res.LastInsertId()
		return db.AuditTx(ctx, tx, actor, "webhook.resend", fmt.Sprintf("webhook %d", webhookID), fmt.Sprintf("event #%d sent again as #%d", outboxID, id))
	})
	return id, err
}
