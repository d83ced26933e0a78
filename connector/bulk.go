package connector

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/refsync/refsync/connector/salesforce"
)

// DefaultBulkThreshold is how many changed records make a backfill or re-scan
// run as a Bulk API 2.0 query job instead of REST query pages.
const DefaultBulkThreshold = 10000

// wideWindow is how far back a run must start to count as a re-scan of a
// wide window (worth counting); an incremental poll starts much later.
const wideWindow = 6 * time.Hour

// pageRecords is how many records one pipeline transaction takes, whichever
// path read them (a REST query page holds up to 2,000).
const pageRecords = 2000

// BulkCRM is what a backfill through Bulk API 2.0 needs of Salesforce;
// *salesforce.Client satisfies it. A CRM without it always reads by REST.
type BulkCRM interface {
	Count(ctx context.Context, soql string) (int, error)
	RecordCounts(ctx context.Context, objects []string) (map[string]int, error)
	BulkQuery(ctx context.Context, soql string, o salesforce.BulkQueryOptions, fn func(salesforce.Page) error) error
}

// BulkJobSink records a running bulk job for the dashboard; *store.DB satisfies it.
type BulkJobSink interface {
	SetBulkJob(ctx context.Context, object, jobID, state string, processed, received int, errMsg string) error
}

var _ BulkCRM = (*salesforce.Client)(nil)

// path decides how a run reads: Bulk API 2.0 for a backfill or a wide
// re-scan of at least the threshold's records, else REST. It returns why.
func (r *Receiver) path(ctx context.Context, p *plan, from time.Time, backfill bool) (bulk bool, why string) {
	bc, ok := r.crm.(BulkCRM)
	switch {
	case r.bulkThreshold < 0:
		return false, "Bulk API 2.0 is switched off"
	case !ok:
		return false, "this connection has no Bulk API 2.0"
	case len(p.Children) > 0:
		return false, "its rules read related records through subqueries, which Bulk API 2.0 does not support"
	case !backfill && (r.now().Sub(from) < wideWindow || r.object(p.Object).counted):
		return false, "an incremental poll"
	}
	n, err := bc.Count(ctx, fmt.Sprintf("SELECT COUNT() FROM %s WHERE SystemModstamp >= %s", p.Object, soqlTime(from)))
	if err != nil {
		r.log.Info("count before a backfill failed; reading by REST", slog.String("object", p.Object), slog.Any("err", err))
		return false, "the count failed"
	}
	if n < r.bulkThreshold {
		r.object(p.Object).counted = true // the caller holds the object's run lock
		return false, fmt.Sprintf("%d records, under the Bulk API 2.0 threshold of %d", n, r.bulkThreshold)
	}
	return true, fmt.Sprintf("%d records, at or over the Bulk API 2.0 threshold of %d", n, r.bulkThreshold)
}

// readBulk reads every change from `from` on through one Bulk API 2.0 query
// job and feeds the same pipeline as REST pages: ordered by SystemModstamp,
// in transactions of pageRecords, each moving the watermark. A job that fails
// or is aborted part-way leaves what was stored stored and the watermark at
// its last page, so the next run's new job resumes there. The job's query
// keeps ORDER BY SystemModstamp, Id (Salesforce accepts it, at the cost of
// PK chunking) because that order is what lets each page move the watermark.
func (r *Receiver) readBulk(ctx, runCtx context.Context, set *ruleSet, p *plan, from time.Time, backfill bool, res *RunResult) error {
	bc := r.crm.(BulkCRM)
	sink, _ := r.sink.(BulkJobSink)
	cur := salesforce.BulkProgress{}
	note := func(state, errMsg string) {
		if sink == nil || cur.JobID == "" {
			return
		}
		if err := sink.SetBulkJob(context.WithoutCancel(ctx), p.Object, cur.JobID, state, cur.Processed, cur.Read, errMsg); err != nil {
			r.log.Warn("record bulk job", slog.String("object", p.Object), slog.Any("err", err))
		}
	}
	opts := salesforce.BulkQueryOptions{All: true, Poll: r.bulkPoll,
		Started:  func(id string) { cur.JobID, cur.State = id, salesforce.BulkUploadComplete; note(cur.State, "") },
		Progress: func(bp salesforce.BulkProgress) { cur = bp; note(bp.State, "") }}
	soql := p.query(from)
	_, err := r.readPages(ctx, runCtx, set, p, backfill, res, func(fn func(salesforce.Page) error) error {
		return bc.BulkQuery(runCtx, soql, opts, func(pg salesforce.Page) error {
			for len(pg.Records) > 0 {
				n := min(pageRecords, len(pg.Records))
				if err := fn(salesforce.Page{TotalSize: pg.TotalSize, Records: pg.Records[:n]}); err != nil {
					return err
				}
				pg.Records = pg.Records[n:]
			}
			return nil
		})
	})
	if err != nil {
		state := salesforce.BulkFailed
		if cur.State == salesforce.BulkAborted {
			state = salesforce.BulkAborted
		}
		note(state, err.Error())
		return err
	}
	note("Done", "")
	r.object(p.Object).counted = true // read whole: later polls are incremental; a failed job is counted again
	r.log.Info("backfill through Bulk API 2.0", slog.String("object", p.Object), slog.String("job", cur.JobID),
		slog.Int("records", cur.Read))
	return nil
}
