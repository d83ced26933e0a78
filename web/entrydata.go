package web

import (
	"context"
	"fmt"

	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// reasonCodes are the reason codes the queue can be filtered by.
var reasonCodes = []string{matching.ReasonNoMatch, matching.ReasonMemberNotFound, matching.ReasonAmbiguous,
	matching.ReasonLowConfidence, matching.ReasonConflict, matching.ReasonDeniedOverride, matching.ReasonStatusFinal, matching.ReasonAutoDisabled,
	matching.ReasonMappingInvalid, matching.ReasonCRMError, matching.ReasonStaleEvent, matching.ReasonBackwards}

// entryObjects lists the objects the sync knows (the four standard ones when none ran yet).
func entryObjects(ctx context.Context, db *store.DB) ([]string, error) {
	states, err := db.SyncStates(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, s := range states {
		out = append(out, s.Object)
	}
	if len(out) == 0 {
		out = []string{"Account", "Contact", "Lead", "Opportunity"}
	}
	return out, nil
}

// failedCount counts entries that failed (store.EntryStats counts the review queue only).
func failedCount(ctx context.Context, db *store.DB) (int, error) {
	var n int
	if err := db.R.QueryRowContext(ctx, `SELECT count(*) FROM entries WHERE outcome = 'failed'`).Scan(&n); err != nil {
		return 0, fmt.Errorf("web: count failed entries: %w", err)
	}
	return n, nil
}
