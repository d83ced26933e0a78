-- Receiver: filters of the review queue without an outcome, newest first.
CREATE INDEX entries_reason_id ON entries (reason, id);
CREATE INDEX entries_object_id ON entries (object, id);
-- Entries per day by outcome for the dashboard: counted as index ranges.
CREATE INDEX entries_outcome_received ON entries (outcome, received_at);
-- Search in the review queue: the words of each entry's snapshot values, its
-- record and referral ids (any case, accents ignored, prefix search), by entry id.
CREATE VIRTUAL TABLE entries_search USING fts5(body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
-- Filled by the store when a transaction commits (store/entries.go: indexEntries),
-- not by triggers: FTS5 flushes at every statement savepoint of a trigger.
