-- Notification settings an admin edits in the UI (Settings → Notifications).
-- One row; when absent, the environment's REFSYNC_SMTP_TO and REFSYNC_NOTIFY_EVERY apply.
-- The SMTP password is never stored here: it stays in the environment.
CREATE TABLE notify_settings (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    recipients    TEXT NOT NULL,                 -- comma-separated email addresses
    every_seconds INTEGER NOT NULL,              -- one digest at most this often
    updated_at    TEXT NOT NULL
);
