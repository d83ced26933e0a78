package web

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// objectRow is one line of the dashboard's "Sync per object": the sync's
// progress with the entries of that object waiting for a person.
type objectRow struct {
	store.SyncState
	Review, Failed int
	Paused         bool
	ErrorWords     string // the last error, in words (the connector's advice when it has one)
}

// objectRows lists the watched objects (those no longer watched are left out)
// with their review and failed counts.
func objectRows(ctx context.Context, db *store.DB, watched, paused []string) ([]objectRow, error) {
	states, err := db.SyncStates(ctx)
	if err != nil {
		return nil, err
	}
	counts, err := outcomeCounts(ctx, db, watched)
	if err != nil {
		return nil, err
	}
	byObject := map[string]store.SyncState{}
	for _, st := range states {
		byObject[st.Object] = st
	}
	var out []objectRow
	for _, o := range watched {
		st, ok := byObject[o]
		if !ok {
			st = store.SyncState{Object: o}
		}
		out = append(out, objectRow{SyncState: st, Review: counts[[2]string{o, "review"}], Failed: counts[[2]string{o, "failed"}],
			Paused: slices.Contains(paused, o), ErrorWords: cmp.Or(st.Advice, syncErrorWords(o, st.LastError))})
	}
	return out, nil
}

// outcomeCounts counts the entries in review and failed of each object, one
// count per object and outcome from the (object, outcome, id) index — a
// GROUP BY over the table took 150-200 ms at 100,000 entries.
func outcomeCounts(ctx context.Context, db *store.DB, objects []string) (map[[2]string]int, error) {
	out := map[[2]string]int{}
	for _, o := range objects {
		for _, outcome := range []string{"review", "failed"} {
			var n int
			err := db.R.QueryRowContext(ctx, `SELECT count(*) FROM entries WHERE object = ? AND outcome = ?`, o, outcome).Scan(&n)
			if err != nil {
				return nil, fmt.Errorf("web: count %s entries of %s: %w", outcome, o, err)
			}
			out[[2]string{o, outcome}] = n
		}
	}
	return out, nil
}

// failedReasons counts the failed entries per reason code.
func failedReasons(ctx context.Context, db *store.DB) (map[string]int, error) {
	rows, err := db.R.QueryContext(ctx, `SELECT reason, count(*) FROM entries WHERE outcome = 'failed' GROUP BY reason`)
	if err != nil {
		return nil, fmt.Errorf("web: count failed entries: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var r string
		var n int
		if err := rows.Scan(&r, &n); err != nil {
			return nil, fmt.Errorf("web: count failed entries: %w", err)
		}
		out[r] = n
	}
	return out, rows.Err()
}

// failedHint says what to do about the failed entries, by why they failed.
func failedHint(byReason map[string]int) string {
	var parts []string
	if n := byReason[matching.ReasonMappingInvalid]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d because the settings do not fit Salesforce: fix Settings, then retry them", n))
	}
	if n := byReason[matching.ReasonCRMError]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d because Salesforce answered with an error: retry them once it answers again", n))
	}
	other := 0
	for r, n := range byReason {
		if r != matching.ReasonMappingInvalid && r != matching.ReasonCRMError {
			other += n
		}
	}
	if other > 0 {
		parts = append(parts, fmt.Sprintf("%d for other reasons: open them to see why", other))
	}
	return strings.Join(parts, "; ")
}

// syncErrorWords turns a poll's error into a sentence an admin can act on.
func syncErrorWords(object, e string) string {
	switch {
	case e == "":
		return ""
	case strings.Contains(e, "INVALID_TYPE") || strings.Contains(e, "NOT_FOUND") && strings.Contains(e, "sObject"):
		return fmt.Sprintf("Salesforce has no object %q: fix its name or remove it under Settings → Objects to watch.", object)
	case strings.Contains(e, "INVALID_FIELD"):
		return "A field in the settings does not exist on " + object + " in Salesforce: check Settings (the doctor command lists which). Salesforce said: " + e
	case strings.Contains(e, "REQUEST_LIMIT_EXCEEDED"):
		return "The daily Salesforce API budget is spent; the sync waits and goes on by itself."
	}
	return e
}
