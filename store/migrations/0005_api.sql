-- API, push jobs and outbound webhooks: the producer's watermarks and the outbox's last error.
CREATE TABLE hook_cursors (
    name         TEXT PRIMARY KEY,                -- status_history, entry_review
    last_id      INTEGER NOT NULL DEFAULT 0,      -- highest source row already turned into outbox rows
    last_sent_at TEXT NOT NULL DEFAULT ''         -- when the last message of this stream was queued (digest pacing)
) WITHOUT ROWID;

ALTER TABLE webhook_outbox ADD COLUMN last_error TEXT NOT NULL DEFAULT '';
ALTER TABLE webhooks ADD COLUMN description TEXT NOT NULL DEFAULT '';
CREATE INDEX jobs_kind_due ON jobs (kind, state, run_after);
