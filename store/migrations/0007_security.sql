-- Idempotency keys of the API (Stripe-style): the first answer to a POST with
-- a given key is kept and replayed for a retry with the same key and body.
CREATE TABLE idempotency_keys (
    scope        TEXT NOT NULL,                   -- who sent it: "token:<id>"
    key          TEXT NOT NULL,                   -- the Idempotency-Key header, or "event_id:<id>" from the qualify hook
    request_hash TEXT NOT NULL,                   -- SHA-256 of method, path and body
    status       INTEGER NOT NULL DEFAULT 0,      -- 0 while the first request is still running
    response     BLOB NOT NULL DEFAULT '',        -- the first answer's body
    created_at   TEXT NOT NULL,
    PRIMARY KEY (scope, key)
) WITHOUT ROWID;
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
