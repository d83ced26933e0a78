-- The receiver: links to Salesforce records, sales entries, snapshots, sync and connection state.
CREATE TABLE sf_links (
    record_id   TEXT PRIMARY KEY,                -- Salesforce id (18 chars)
    object      TEXT NOT NULL,                   -- Lead, Contact, Account, Opportunity, …
    referral_id TEXT NOT NULL REFERENCES referrals(id),
    kind        TEXT NOT NULL,                   -- direct, created, manual, converted, member
    remembered  INTEGER NOT NULL DEFAULT 0,      -- a reviewer's "remember this link"
    deleted_at  TEXT,                            -- the record was deleted in Salesforce
    created_at  TEXT NOT NULL
);
CREATE INDEX sf_links_referral ON sf_links (referral_id);

CREATE TABLE entries (
    id            INTEGER PRIMARY KEY,           -- also the keyset cursor
    object        TEXT NOT NULL,
    record_id     TEXT NOT NULL,
    modstamp      TEXT NOT NULL,                 -- SystemModstamp as Salesforce wrote it
    snapshot      TEXT NOT NULL DEFAULT '{}',    -- JSON: the fields rules and mappings use
    rule          TEXT NOT NULL DEFAULT '',      -- the status change event that fired, in words
    target_status TEXT NOT NULL DEFAULT '',
    method        TEXT NOT NULL DEFAULT '',      -- direct, fuzzy, member, manual
    referral_id   TEXT NOT NULL DEFAULT '',
    score         REAL NOT NULL DEFAULT 0,
    candidates    TEXT NOT NULL DEFAULT '[]',    -- JSON: ranked candidates with per-field scores
    outcome       TEXT NOT NULL CHECK (outcome IN ('processed', 'review', 'failed', 'ignored', 'dismissed')),
    reason        TEXT NOT NULL DEFAULT '',      -- reason code when review or failed
    attempts      INTEGER NOT NULL DEFAULT 1,
    note          TEXT NOT NULL DEFAULT '',
    received_at   TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    UNIQUE (object, record_id, modstamp)         -- the idempotency key
);
CREATE INDEX entries_outcome ON entries (outcome, id);
CREATE INDEX entries_reason ON entries (outcome, reason, id);
CREATE INDEX entries_object ON entries (object, outcome, id);
CREATE INDEX entries_referral ON entries (referral_id) WHERE referral_id <> '';
CREATE INDEX entries_record ON entries (record_id);
CREATE INDEX entries_received ON entries (received_at);

CREATE TABLE entry_history (
    id         INTEGER PRIMARY KEY,
    entry_id   INTEGER NOT NULL REFERENCES entries(id),
    actor      TEXT NOT NULL,                    -- sync, user:…, api:…
    action     TEXT NOT NULL,                    -- received, matched, applied, review, retry, dismiss, apply
    outcome    TEXT NOT NULL DEFAULT '',
    reason     TEXT NOT NULL DEFAULT '',
    detail     TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX entry_history_entry ON entry_history (entry_id, id);

-- The last snapshot seen per record, so a status change event fires on entering a value only.
CREATE TABLE record_snapshots (
    object     TEXT NOT NULL,
    record_id  TEXT NOT NULL,
    modstamp   TEXT NOT NULL,
    fields     TEXT NOT NULL,                    -- JSON
    PRIMARY KEY (object, record_id)
) WITHOUT ROWID;

CREATE TABLE sync_state (
    object          TEXT PRIMARY KEY,
    watermark       TEXT NOT NULL DEFAULT '',    -- highest SystemModstamp stored
    backfill_from   TEXT NOT NULL DEFAULT '',    -- admin's re-scan date, consumed by the next run
    last_run_at     TEXT NOT NULL DEFAULT '',
    last_success_at TEXT NOT NULL DEFAULT '',
    last_entry_at   TEXT NOT NULL DEFAULT '',
    last_error      TEXT NOT NULL DEFAULT '',
    entries_total   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE connection_state (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    state             TEXT NOT NULL DEFAULT 'error', -- connected, unauthorized, limited, error
    last_connected_at TEXT NOT NULL DEFAULT '',
    last_error        TEXT NOT NULL DEFAULT '',
    api_used          INTEGER NOT NULL DEFAULT 0,
    api_max           INTEGER NOT NULL DEFAULT 0,
    updated_at        TEXT NOT NULL DEFAULT ''
);
INSERT INTO connection_state (id, state) VALUES (1, 'error');
