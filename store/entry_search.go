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
// prefix), through the full-text index. A word the index may cut in two (a
// letter its tokenizer does not know, see indexedWord) is looked for as
// written in the snapshot instead: the index holds no positions, so it can
// find words, not phrases.
func searchCond(s string) (string, []any) {
	words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(words) == 0 {
		return `(record_id = ? OR referral_id = ? OR snapshot LIKE ? ESCAPE '\')`, []any{s, s, likeOf(s)}
	}
	var conds, terms []string
	var args []any
	for i, w := range words {
		if !indexedWord(w) {
			conds, args = append(conds, `snapshot LIKE ? ESCAPE '\'`), append(args, likeOf(w))
			continue
		}
		t := `"` + w + `"`
		if i == len(words)-1 {
			t += "*" // the last word as a prefix
		}
		terms = append(terms, t)
	}
	if len(terms) > 0 {
		// Record and referral ids are in the index too; an OR with their own
		// indexes would make SQLite walk every entry instead.
		conds, args = append(conds, `id IN (SELECT rowid FROM entries_search WHERE entries_search MATCH ?)`), append(args, strings.Join(terms, " "))
	}
	return "(" + strings.Join(conds, " AND ") + ")", args
}

// likeOf is a LIKE pattern finding s anywhere.
func likeOf(s string) string { return "%" + likeEscaper.Replace(s) + "%" }

var likeEscaper = strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`)

// indexedWord says whether the search index's tokenizer (unicode61, whose
// tables are an older Unicode's than Go's) reads w as one word. The letters
// Go knows and it does not are the New Tai Lue vowel signs and two Vedic signs
// (marks in its Unicode, letters since): a word holding one is two words to
// it, which an index without positions cannot look for as one.
// TestIndexedWordMatchesTheTokenizer asks SQLite about every letter.
func indexedWord(w string) bool {
	for _, r := range w {
		if r >= 0x19B0 && r <= 0x19C0 || r == 0x19C8 || r == 0x19C9 || r == 0x1CF2 || r == 0x1CF3 {
			return false
		}
	}
	return true
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
