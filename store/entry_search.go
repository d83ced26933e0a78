package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
)

// searchCond finds text in an entry: the exact record or referral id, or
// every word of s among the words of its snapshot values (the last word as a
// prefix), through the full-text index.
func searchCond(s string) (string, []any) {
	words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(words) == 0 {
		like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s) + "%"
		return `(record_id = ? OR referral_id = ? OR snapshot LIKE ? ESCAPE '\')`, []any{s, s, like}
	}
	for i, w := range words {
		words[i] = `"` + w + `"`
	}
	words[len(words)-1] += "*"
	// Record and referral ids are in the index too; an OR with their own
	// indexes would make SQLite walk every entry instead.
	return `id IN (SELECT rowid FROM entries_search WHERE entries_search MATCH ?)`, []any{strings.Join(words, " ")}
}

// touchEntry marks an entry for the search index: at the commit of InTx's
// transaction, or at once outside one. isNew says the entry was just inserted,
// so the index holds nothing of it yet.
func (db *DB) touchEntry(ctx context.Context, id int64, isNew bool) error {
	if r := rxFrom(ctx); r != nil {
		r.touched = append(r.touched, id)
		if !isNew {
			r.stale = append(r.stale, id)
		}
		return nil
	}
	stale := []int64{id}
	if isNew {
		stale = nil
	}
	return db.indexEntries(ctx, []int64{id}, stale)
}

// indexEntries (re)writes the search index rows of the given entries; those
// in stale may have rows already, which are deleted first.
func (db *DB) indexEntries(ctx context.Context, ids, stale []int64) error {
	if len(ids) == 0 {
		return nil
	}
	if len(stale) > 0 {
		list, _ := json.Marshal(stale)
		if _, err := db.exec(ctx, `DELETE FROM entries_search WHERE rowid IN (SELECT value FROM json_each(?))`, string(list)); err != nil {
			return fmt.Errorf("store: index entries for search: %w", err)
		}
	}
	list, _ := json.Marshal(ids)
	_, err := db.exec(ctx, `INSERT INTO entries_search (rowid, body)
		SELECT id, record_id || ' ' || referral_id || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_each(snapshot)), '')
		FROM entries WHERE id IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return fmt.Errorf("store: index entries for search: %w", describeDiskError(err))
	}
	return nil
}
