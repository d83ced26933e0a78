package connector

import (
	"context"
	"fmt"

	"github.com/refsync/refsync/connector/salesforce"
)

// A subquery's result (a child relationship such as OpportunityContactRoles)
// is paged on its own: a record with many children comes back with
// {totalSize, done: false, nextRecordsUrl} and only the first rows. The
// 1-to-many rule ("the related record only when exactly one exists") must not
// be judged on those first rows, so completeChildren fetches the rest before
// the page is stored, and snapshot treats a list that is still short of its
// totalSize as "more than one".

// completeChildren fetches the remaining rows of every paged child list the
// plan reads on the page's records, in place.
func (r *Receiver) completeChildren(ctx context.Context, p *plan, recs []salesforce.Record) error {
	for _, rec := range recs {
		for rel := range p.Children {
			child := relations[p.Object][rel].child
			sub, _ := getField(rec, child).(map[string]any)
			if sub == nil || childComplete(sub) {
				continue
			}
			next, _ := sub["nextRecordsUrl"].(string)
			if next == "" {
				continue // snapshot sees it short of totalSize
			}
			rows, _ := sub["records"].([]any)
			err := r.crm.QueryMore(ctx, next, func(pg salesforce.Page) error {
				for _, row := range pg.Records {
					rows = append(rows, map[string]any(row))
				}
				return nil
			})
			if err != nil {
				return fmt.Errorf("read the rest of %s of %s %s: %w", child, p.Object, rec.ID(), err)
			}
			sub["records"], sub["done"] = rows, true
			delete(sub, "nextRecordsUrl")
		}
	}
	return nil
}

// childComplete reports whether a subquery result holds all its rows.
func childComplete(sub map[string]any) bool {
	if done, ok := sub["done"].(bool); ok && !done {
		return false
	}
	total, ok := sub["totalSize"].(float64)
	rows, _ := sub["records"].([]any)
	return !ok || int(total) <= len(rows)
}
