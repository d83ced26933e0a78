-- The entries' search index keeps which entries hold a word, no longer where
-- in the entry (detail=none): a search is every word of it anywhere in the
-- entry, never a phrase, so the positions were written and never read, by the
-- sync's writer for every entry. The index is rebuilt from the entries, once:
-- about 15 s per million entries on a 2-core machine.
DROP TABLE entries_search;
CREATE VIRTUAL TABLE entries_search USING fts5(body, content='', contentless_delete=1, detail=none,
    tokenize='unicode61 remove_diacritics 2');
INSERT INTO entries_search (rowid, body)
    SELECT id, record_id || ' ' || referral_id || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_each(snapshot)), '')
    FROM entries;
