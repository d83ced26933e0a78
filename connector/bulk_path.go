package connector

import (
	"context"
	"fmt"
)

// BackfillPath says how a backfill (or re-scan) of one object would read.
type BackfillPath struct {
	Object  string
	Bulk    bool   // through a Bulk API 2.0 query job; else REST query pages
	Records int    // the org's record count of the object (-1 when unknown)
	Why     string // in words
}

// BackfillPaths says, for every polled object, which path a backfill of all
// its records takes now, judged on the org's record counts (one API call).
func (r *Receiver) BackfillPaths(ctx context.Context) ([]BackfillPath, error) {
	if r.crm == nil {
		return nil, fmt.Errorf("%w: no Salesforce connection is configured", ErrInvalid)
	}
	set, err := r.ruleSet(ctx)
	if err != nil {
		return nil, err
	}
	objects := set.merged.Polled()
	bc, ok := r.crm.(BulkCRM)
	var counts map[string]int
	var countErr error
	if ok && r.bulkThreshold >= 0 {
		counts, countErr = bc.RecordCounts(ctx, objects)
	}
	out := make([]BackfillPath, 0, len(objects))
	for _, o := range objects {
		p := BackfillPath{Object: o, Records: -1}
		n, known := counts[o]
		if known {
			p.Records = n
		}
		switch {
		case r.bulkThreshold < 0:
			p.Why = "REST: Bulk API 2.0 is switched off"
		case !ok:
			p.Why = "REST: this connection has no Bulk API 2.0"
		case len(newPlan(o, set.merged).Children) > 0:
			p.Why = "REST: its rules read related records through subqueries, which Bulk API 2.0 does not support"
		case countErr != nil:
			p.Why = fmt.Sprintf("decided when it runs (SELECT COUNT() of the window): the record counts could not be read (%v)", countErr)
		case n >= r.bulkThreshold:
			p.Bulk, p.Why = true, fmt.Sprintf("Bulk API 2.0: %d records, at or over the threshold of %d", n, r.bulkThreshold)
		default:
			p.Why = fmt.Sprintf("REST: %d records, under the Bulk API 2.0 threshold of %d", n, r.bulkThreshold)
		}
		out = append(out, p)
	}
	return out, nil
}
