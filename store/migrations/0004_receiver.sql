-- Receiver: filters of the review queue without an outcome, newest first.
CREATE INDEX entries_reason_id ON entries (reason, id);
CREATE INDEX entries_object_id ON entries (object, id);
-- Entries per day by outcome for the dashboard: counted as index ranges.
CREATE INDEX entries_outcome_received ON entries (outcome, received_at);
