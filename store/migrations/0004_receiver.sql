-- Receiver: filters of the review queue without an outcome, newest first.
CREATE INDEX entries_reason_id ON entries (reason, id);
CREATE INDEX entries_object_id ON entries (object, id);
-- Entries per day by outcome for the dashboard: counted as index ranges.
CREATE INDEX entries_outcome_received ON entries (outcome, received_at);
-- Search in the review queue: the words of each entry's snapshot values, its
-- record and referral ids (any case, accents ignored, prefix search).
CREATE VIRTUAL TABLE entries_search USING fts5(body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER entries_search_insert AFTER INSERT ON entries BEGIN
    INSERT INTO entries_search (rowid, body) VALUES (new.id,
        new.record_id || ' ' || new.referral_id || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_each(new.snapshot)), ''));
END;
CREATE TRIGGER entries_search_update AFTER UPDATE OF snapshot, referral_id ON entries
WHEN old.snapshot IS NOT new.snapshot OR old.referral_id IS NOT new.referral_id BEGIN
    DELETE FROM entries_search WHERE rowid = old.id;
    INSERT INTO entries_search (rowid, body) VALUES (new.id,
        new.record_id || ' ' || new.referral_id || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_each(new.snapshot)), ''));
END;
