package main

import (
	"context"
	"strings"

	"github.com/refsync/refsync/connector"
)

// doctorBackfill says which path a backfill of each watched object takes:
// Bulk API 2.0 above the threshold, REST query pages below it. Either works,
// so this is information, never a failure.
func doctorBackfill(ctx context.Context, d *doctorReport, rc *connector.Receiver) {
	paths, err := rc.BackfillPaths(ctx)
	if err != nil {
		d.note("backfill", "cannot tell which path a backfill takes: %v", err)
		return
	}
	lines := make([]string, 0, len(paths))
	for _, p := range paths {
		lines = append(lines, p.Object+" → "+p.Why)
	}
	d.ok("backfill", "a backfill or re-scan reads:\n%s", strings.Join(lines, "\n"))
}
