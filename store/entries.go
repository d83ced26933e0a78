package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/refsync/refsync/matching"
)

const entryCols = `id, program_id, object, record_id, modstamp, snapshot, rule, target_status, method, referral_id, score,
	candidates, outcome, reason, attempts, note, received_at, updated_at`

func scanEntry(s interface{ Scan(...any) error }) (*matching.Entry, error) {
	e := &matching.Entry{}
	var snap, cands, method, outcome string
	err := s.Scan(&e.ID, &e.ProgramID, &e.Object, &e.RecordID, &e.Modstamp, &snap, &e.Rule, &e.TargetStatus, &method, &e.ReferralID,
		&e.Score, &cands, &outcome, &e.Reason, &e.Attempts, &e.Note, &e.ReceivedAt, &e.UpdatedAt)
	if err != nil {
		return nil, err
	}
	e.Method, e.Outcome = matching.Method(method), matching.EntryOutcome(outcome)
	if err := json.Unmarshal([]byte(snap), &e.Snapshot); err != nil {
		return nil, fmt.Errorf("entry %d: snapshot: %w", e.ID, err)
	}
	if err := json.Unmarshal([]byte(cands), &e.Candidates); err != nil {
		return nil, fmt.Errorf("entry %d: candidates: %w", e.ID, err)
	}
	return e, nil
}

func entryJSON(e *matching.Entry) (snap, cands string) {
	s, _ := json.Marshal(e.Snapshot)
	if e.Snapshot == nil {
		s = []byte("{}")
	}
	c, _ := json.Marshal(e.Candidates)
	if e.Candidates == nil {
		c = []byte("[]")
	}
	return string(s), string(c)
}

// KnownEntriesRx returns which of the object's (record id, SystemModstamp)
// pairs among ids were already received: the idempotency key.
func (db *DB) KnownEntriesRx(ctx context.Context, object string, ids []string) (map[[2]string]bool, error) {
	// +object: look the ids up in entries_record, never walk every entry of the object
	rows, err := db.query(ctx, `SELECT record_id, modstamp FROM entries
		WHERE +object = ? AND record_id IN (SELECT value FROM json_each(?))`, object, jsonList(ids))
	if err != nil {
		return nil, fmt.Errorf("store: known entries of %s: %w", object, err)
	}
	defer rows.Close()
	out := map[[2]string]bool{}
	for rows.Next() {
		var k [2]string
		if err := rows.Scan(&k[0], &k[1]); err != nil {
			return nil, fmt.Errorf("store: known entries of %s: %w", object, err)
		}
		out[k] = true
	}
	return out, rows.Err()
}

// InsertEntryRx stores a new entry with its first history events and sets
// e.ID, ReceivedAt and UpdatedAt (and ProgramID to the default when 0). A
// second entry with the same (program, object, record id, modstamp) is an ErrConflict.
func (db *DB) InsertEntryRx(ctx context.Context, e *matching.Entry, events ...matching.EntryEvent) error {
	now := db.Now()
	if e.Attempts == 0 {
		e.Attempts = 1
	}
	if e.ProgramID == 0 {
		e.ProgramID = DefaultProgram
	}
	snap, cands := entryJSON(e)
	keepSnapshot(ctx, e.Snapshot, snap)
	res, err := db.exec(ctx, `INSERT INTO entries (program_id, object, record_id, modstamp, snapshot, rule, target_status, method,
		referral_id, score, candidates, outcome, reason, attempts, note, received_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ProgramID, e.Object, e.RecordID, e.Modstamp, snap, e.Rule, e.TargetStatus, string(e.Method), e.ReferralID, e.Score, cands,
		string(e.Outcome), e.Reason, e.Attempts, e.Note, now, now)
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE constraint failed") {
			return fmt.Errorf("store: entry %s %s %s: %w: already received", e.Object, e.RecordID, e.Modstamp, ErrConflict)
		}
		return fmt.Errorf("store: insert entry: %w", describeDiskError(err))
	}
	e.ID, _ = res.LastInsertId()
	e.ReceivedAt, e.UpdatedAt = now, now
	if err := db.touchEntry(ctx, e.ID, true); err != nil {
		return err
	}
	for _, ev := range events {
		if err := db.AddEntryEventRx(ctx, e.ID, ev); err != nil {
			return err
		}
	}
	return nil
}

// UpdateEntryRx rewrites what refsync decided about an entry (rule, match,
// outcome, reason, attempts, note, snapshot) and adds history events.
func (db *DB) UpdateEntryRx(ctx context.Context, e *matching.Entry, events ...matching.EntryEvent) error {
	e.UpdatedAt = db.Now()
	snap, cands := entryJSON(e)
	res, err := db.exec(ctx, `UPDATE entries SET snapshot = ?, rule = ?, target_status = ?, method = ?, referral_id = ?,
		score = ?, candidates = ?, outcome = ?, reason = ?, attempts = ?, note = ?, updated_at = ? WHERE id = ?`,
		snap, e.Rule, e.TargetStatus, string(e.Method), e.ReferralID, e.Score, cands, string(e.Outcome), e.Reason,
		e.Attempts, e.Note, e.UpdatedAt, e.ID)
	if err != nil {
		return fmt.Errorf("store: update entry %d: %w", e.ID, describeDiskError(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: update entry %d: %w", e.ID, ErrNotFound)
	}
	if err := db.touchEntry(ctx, e.ID, false); err != nil {
		return err
	}
	for _, ev := range events {
		if err := db.AddEntryEventRx(ctx, e.ID, ev); err != nil {
			return err
		}
	}
	return nil
}

// AddEntryEventRx appends one line to an entry's history (At defaults to now).
func (db *DB) AddEntryEventRx(ctx context.Context, entryID int64, ev matching.EntryEvent) error {
	if ev.At == "" {
		ev.At = db.Now()
	}
	if err := db.addRow(ctx, entryEventRows, entryID, ev.Actor, ev.Action, string(ev.Outcome), ev.Reason, ev.Detail, ev.At); err != nil {
		return fmt.Errorf("store: history of entry %d: %w", entryID, err)
	}
	return nil
}

// EntryByID returns the entry, or ErrNotFound.
func (db *DB) EntryByID(ctx context.Context, id int64) (*matching.Entry, error) {
	e, err := scanEntry(db.queryRow(ctx, `SELECT `+entryCols+` FROM entries WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: entry %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: entry %d: %w", id, err)
	}
	return e, nil
}

// EntryHistory returns an entry's history, oldest first, or ErrNotFound when
// there is no such entry.
func (db *DB) EntryHistory(ctx context.Context, id int64) ([]matching.EntryEvent, error) {
	if err := db.flushRows(ctx); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT created_at, actor, action, outcome, reason, detail FROM entry_history
		WHERE entry_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("store: history of entry %d: %w", id, err)
	}
	defer rows.Close()
	out := []matching.EntryEvent{}
	for rows.Next() {
		var ev matching.EntryEvent
		var outcome string
		if err := rows.Scan(&ev.At, &ev.Actor, &ev.Action, &outcome, &ev.Reason, &ev.Detail); err != nil {
			return nil, fmt.Errorf("store: history of entry %d: %w", id, err)
		}
		ev.Outcome = matching.EntryOutcome(outcome)
		out = append(out, ev)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		if _, err := db.EntryByID(ctx, id); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// EntryFilter selects entries for ListEntries; zero fields do not filter.
type EntryFilter struct {
	ProgramID int64     // 0: every program
	Outcome   string    // processed, review, failed, ignored, dismissed
	Reason    string    // reason code
	Object    string    // Lead, Opportunity, Webhook, …
	Search    string    // entry id, record id, referral id, or text in the snapshot
	OlderThan time.Time // received before
	NewerThan time.Time // received at or after
	After     string    // cursor (a `next` of the previous page): the entries after it in the list, i.e. older
	Before    string    // cursor: the page before it, i.e. newer entries
	Limit     int       // default 50, at most 1000
	Oldest    bool      // oldest first instead of newest first (After then means newer)
}

// ListEntries returns one page of entries, newest first (oldest first with f.Oldest), and the cursor of
// the next (older) page, "" on the last. Keyset paging: rows received
// meanwhile never make a page skip or repeat a row.
func (db *DB) ListEntries(ctx context.Context, f EntryFilter) ([]*matching.Entry, string, error) {
	where, args := entryWhere(f)
	order, afterOp, beforeOp, flip := "DESC", "<", ">", "ASC"
	if f.Oldest {
		order, afterOp, beforeOp, flip = "ASC", ">", "<", "DESC"
	}
	reversed := false
	for _, c := range []struct {
		cur, op string
		back    bool
	}{{f.After, afterOp, false}, {f.Before, beforeOp, true}} {
		if c.cur == "" {
			continue
		}
		id, err := decodeCursor(c.cur)
		if err != nil {
			return nil, "", fmt.Errorf("store: list entries: %w", err)
		}
		where, args = append(where, "id "+c.op+" ?"), append(args, id)
		if c.back {
			order, reversed = flip, true
		}
	}
	limit := pageLimit(f.Limit)
	q := `SELECT ` + entryCols + ` FROM entries`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY id " + order + " LIMIT ?"
	rows, err := db.R.QueryContext(ctx, q, append(args, limit+1)...)
	if err != nil {
		return nil, "", fmt.Errorf("store: list entries: %w", err)
	}
	defer rows.Close()
	var out []*matching.Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, "", fmt.Errorf("store: list entries: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("store: list entries: %w", err)
	}
	more := len(out) > limit
	if more {
		out = out[:limit]
	}
	if reversed {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
		more = len(out) > 0 // older entries exist: the page we came from
	}
	next := ""
	if more && len(out) > 0 {
		next = encodeCursor(out[len(out)-1].ID)
	}
	return out, next, nil
}

func entryWhere(f EntryFilter) ([]string, []any) {
	var where []string
	var args []any
	add := func(cond string, a ...any) { where, args = append(where, cond), append(args, a...) }
	if f.ProgramID != 0 {
		add("program_id = ?", f.ProgramID)
	}
	if f.Outcome != "" {
		add("outcome = ?", f.Outcome)
	}
	if f.Reason != "" {
		add("reason = ?", f.Reason)
	}
	if f.Object != "" {
		add("object = ?", f.Object)
	}
	// Entries are numbered in the order they arrive, so a time bound is an id
	// bound found in the received_at index; the page then walks the id order.
	firstAt := `coalesce((SELECT id FROM entries WHERE received_at >= ? ORDER BY received_at LIMIT 1), (SELECT coalesce(max(id), 0) + 1 FROM entries))`
	if !f.OlderThan.IsZero() {
		add("id < "+firstAt, f.OlderThan.UTC().Format(TimeFormat))
	}
	if !f.NewerThan.IsZero() {
		add("id >= "+firstAt, f.NewerThan.UTC().Format(TimeFormat))
	}
	if s := strings.TrimSpace(f.Search); s != "" {
		if id, err := strconv.ParseInt(strings.TrimPrefix(s, "#"), 10, 64); err == nil { // "#1073" is entry 1073
			add("(id = ? OR record_id = ?)", id, s)
		} else {
			cond, a := searchCond(s)
			add(cond, a...)
		}
	}
	return where, args
}
