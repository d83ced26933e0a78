-- The connector, second part: why an object's sync fails, in words (which object, which field,
-- what to do), and when it tries again after backing off.
ALTER TABLE sync_state ADD COLUMN advice TEXT NOT NULL DEFAULT '';
ALTER TABLE sync_state ADD COLUMN retry_at TEXT NOT NULL DEFAULT '';
