-- Replaying a saved settings version on past entries (issue 25): a durable
-- job per request, one row per entry. An entry is replayed at most once per
-- settings version: the row is marked done in the same transaction that
-- applies it, so a crash neither applies it twice nor skips it.
CREATE TABLE replay_jobs (
    id               INTEGER PRIMARY KEY,
    program_id       INTEGER NOT NULL REFERENCES programs(id),
    settings_version INTEGER NOT NULL REFERENCES settings(version),
    state            TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done', 'failed')),
    total            INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT NOT NULL DEFAULT '',
    actor            TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX replay_jobs_state ON replay_jobs (state, id);

CREATE TABLE replay_items (
    settings_version INTEGER NOT NULL,
    entry_id         INTEGER NOT NULL REFERENCES entries(id),
    job_id           INTEGER NOT NULL REFERENCES replay_jobs(id),
    outcome          TEXT NOT NULL DEFAULT '',   -- the entry's outcome after the replay
    done_at          TEXT,                       -- NULL until replayed
    PRIMARY KEY (settings_version, entry_id)
) WITHOUT ROWID;
CREATE INDEX replay_items_job ON replay_items (job_id, done_at, entry_id);

-- "Not this referral": a reviewer's dismissal naming the candidate it is not.
-- With the manual applies (entry_history action 'apply') these are the
-- labelled pairs the threshold figures rest on.
CREATE TABLE dismissed_candidates (
    entry_id    INTEGER NOT NULL REFERENCES entries(id),
    referral_id TEXT NOT NULL,
    actor       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (entry_id, referral_id)
) WITHOUT ROWID;
