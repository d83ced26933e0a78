-- Programs, members, referrals and their status history.
CREATE TABLE programs (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
INSERT INTO programs (id, name, created_at) VALUES (1, 'default', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

CREATE TABLE members (
    seq           INTEGER PRIMARY KEY,           -- keyset cursor, insertion order
    id            TEXT NOT NULL UNIQUE,          -- public id, mem_…
    program_id    INTEGER NOT NULL REFERENCES programs(id),
    external_id   TEXT NOT NULL DEFAULT '',
    referral_code TEXT NOT NULL,                 -- the member code a Lead may carry
    first_name    TEXT NOT NULL DEFAULT '',
    last_name     TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    email_norm    TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX members_code ON members (program_id, referral_code);
CREATE UNIQUE INDEX members_external ON members (program_id, external_id) WHERE external_id <> '';
CREATE UNIQUE INDEX members_email ON members (program_id, email_norm) WHERE email_norm <> '';

CREATE TABLE referrals (
    seq         INTEGER PRIMARY KEY,             -- keyset cursor, insertion order
    id          TEXT NOT NULL UNIQUE,            -- refsync referral id: stable, unguessable
    program_id  INTEGER NOT NULL REFERENCES programs(id),
    member_id   TEXT REFERENCES members(id),
    external_id TEXT NOT NULL DEFAULT '',
    first_name  TEXT NOT NULL DEFAULT '',
    last_name   TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    email_norm  TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    company     TEXT NOT NULL DEFAULT '',
    street      TEXT NOT NULL DEFAULT '',
    city        TEXT NOT NULL DEFAULT '',
    state       TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'qualified', 'approved', 'denied')),
    status_event_at TEXT NOT NULL DEFAULT '',    -- when the event behind the current status fired
    amount      REAL,
    custom      TEXT NOT NULL DEFAULT '{}',      -- JSON object of custom fields
    sf_state    TEXT NOT NULL DEFAULT '',        -- referral → Salesforce: '', queued, created, linked, failed
    sf_error    TEXT NOT NULL DEFAULT '',        -- e.g. DUPLICATES_DETECTED, shown on the referral
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX referrals_external ON referrals (program_id, external_id) WHERE external_id <> '';
CREATE UNIQUE INDEX referrals_email ON referrals (program_id, email_norm) WHERE email_norm <> '';
CREATE INDEX referrals_member ON referrals (member_id);
CREATE INDEX referrals_status ON referrals (status, seq);

CREATE TABLE referral_status_history (
    id          INTEGER PRIMARY KEY,
    referral_id TEXT NOT NULL REFERENCES referrals(id),
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    actor       TEXT NOT NULL,                   -- who/what: user:ann@x, api:token-name, sync, import
    entry_id    INTEGER,                         -- the sales entry that caused it, if any
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX referral_status_history_referral ON referral_status_history (referral_id, id);
