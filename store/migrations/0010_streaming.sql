-- The Streaming API: per watched object, the channel refsync listens on, the replay id of the
-- last event whose poll finished (a restart resumes after it) and the stream's state for the dashboard.
CREATE TABLE stream_state (
    object        TEXT PRIMARY KEY,
    mode          TEXT NOT NULL DEFAULT '',    -- the setting in force: auto, cdc, pushtopic, off
    kind          TEXT NOT NULL DEFAULT '',    -- cdc or pushtopic; '' while none is subscribed
    channel       TEXT NOT NULL DEFAULT '',    -- e.g. /data/OpportunityChangeEvent, /topic/refsync_Lead
    replay_id     INTEGER NOT NULL DEFAULT 0,  -- last event handled on channel; 0: none yet
    state         TEXT NOT NULL DEFAULT '',    -- connecting, subscribed, reconnecting, unavailable, off
    detail        TEXT NOT NULL DEFAULT '',    -- why, in words (the last error, or why polling only)
    events        INTEGER NOT NULL DEFAULT 0,  -- events received since the row was created
    last_event_at TEXT NOT NULL DEFAULT '',
    updated_at    TEXT NOT NULL DEFAULT ''
);
