package connector

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/refsync/refsync/connector/salesforce"
	"github.com/refsync/refsync/matching"
)

// minWindow is the narrowest span of changes a timed-out query is split to.
const minWindow = time.Second

// isQueryTimeout reports whether Salesforce gave up running a query (400 QUERY_TIMEOUT).
func isQueryTimeout(err error) bool {
	var ae *salesforce.APIError
	return errors.As(err, &ae) && ae.Code == "QUERY_TIMEOUT"
}

// readChanges reads and stores every change from `from` on. A query that
// Salesforce times out on (a first backfill, a re-scan of a big object) is
// split: an upper SystemModstamp bound, halved on each timeout, and each
// window read whole moves the watermark to its bound, so the sync keeps moving
// instead of repeating the same window for good. After a window succeeds the
// next one is twice as wide again, up to "now" (no bound).
func (r *Receiver) readChanges(ctx, runCtx context.Context, set *ruleSet, p *plan, from time.Time, backfill bool, res *RunResult) error {
	var before time.Time // zero: no upper bound
	var span time.Duration
	for {
		last, err := r.readWindow(ctx, runCtx, set, p, p.queryWindow(from, before), backfill, res)
		if last.After(from) {
			from = last // the pages stored before a failure stay stored
		}
		switch {
		case isQueryTimeout(err):
			end := before
			if end.IsZero() {
				end = r.now()
			}
			if span = end.Sub(from) / 2; span < minWindow {
				return fmt.Errorf("even %s of %s changes from %s time out: %w", minWindow, p.Object, formatModstamp(from), err)
			}
			before = from.Add(span)
			r.log.Info("query timed out; narrowing the window", slog.String("object", p.Object),
				slog.String("from", formatModstamp(from)), slog.String("before", formatModstamp(before)))
		case err != nil:
			return err
		case before.IsZero():
			return nil
		default:
			if err := r.windowDone(ctx, p.Object, before, backfill); err != nil {
				return err
			}
			from, span = before, span*2
			if before = from.Add(span); !before.Before(r.now()) {
				before = time.Time{}
			}
		}
	}
}

// windowDone moves the watermark (and a re-scan's progress) to the end of a
// window read whole: every change before it is stored.
func (r *Receiver) windowDone(ctx context.Context, object string, before time.Time, backfill bool) error {
	wm := formatModstamp(before)
	return r.sink.InTx(ctx, func(ctx context.Context) error {
		if backfill {
			if err := r.sink.AdvanceBackfillRx(ctx, object, wm); err != nil {
				return err
			}
		}
		return r.sink.SetWatermarkRx(ctx, object, wm, 0)
	})
}

// readWindow runs one REST query and stores its pages (see readPages).
func (r *Receiver) readWindow(ctx, runCtx context.Context, set *ruleSet, p *plan, soql string, backfill bool, res *RunResult) (time.Time, error) {
	return r.readPages(ctx, runCtx, set, p, backfill, res, func(fn func(salesforce.Page) error) error {
		return r.crm.QueryAll(runCtx, soql, fn)
	})
}

// readPages stores the pages source delivers one at a time, in order, while
// the next is fetched. It returns the newest SystemModstamp stored.
func (r *Receiver) readPages(ctx, runCtx context.Context, set *ruleSet, p *plan, backfill bool, res *RunResult,
	source func(fn func(salesforce.Page) error) error) (time.Time, error) {
	var last time.Time
	done := make(chan error, 1)
	inflight := false
	wait := func() error {
		if !inflight {
			return nil
		}
		inflight = false
		return <-done
	}
	err := source(func(page salesforce.Page) error {
		if err := r.completeChildren(runCtx, p, page.Records); err != nil {
			return err
		}
		pg := p.entriesOf(page.Records) // here, while the page before is written
		pg.ahead = r.lookAhead(ctx, set, p, pg)
		if err := wait(); err != nil {
			pg.endAhead()
			return err
		}
		res.Pages++
		inflight = true
		go func() {
			n, skipped, err := r.receivePage(ctx, set, p, pg, backfill)
			res.Received += n
			res.Skipped += skipped
			if err == nil && len(page.Records) > 0 {
				if t, perr := parseModstamp(valueString(page.Records[len(page.Records)-1]["SystemModstamp"])); perr == nil {
					last = t
				}
			}
			done <- err
		}()
		return nil
	})
	if werr := wait(); err == nil {
		err = werr
	}
	return last, err
}

// preloadIndexes loads, in the background, the matcher indexes of the
// programs that receive p's changes, so that a first load overlaps the poll's
// first calls (the currency describe, the first page's query) instead of
// following them (the page waits for it in index). A failure is left for the
// page to meet. Call the returned function to wait for it.
func (r *Receiver) preloadIndexes(ctx context.Context, set *ruleSet, p *plan) (wait func()) {
	progs := set.concerned(p.Object)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, pg := range progs {
			if _, err := r.index(ctx, pg.id); err != nil {
				return
			}
		}
	}()
	return func() { <-done }
}

// pageEntries is a page's new entries, with the record ids the page's
// transaction reads by: the records' own, and those and their related records'.
type pageEntries struct {
	entries      []*matching.Entry
	ids, linkIDs []string
	ahead        map[int64]*lookahead // by program: fuzzy matches begun while the page waited (see lookAhead)
}

// entriesOf makes the entries of a page of records (their snapshots).
func (p *plan) entriesOf(recs []salesforce.Record) pageEntries {
	pg := pageEntries{entries: make([]*matching.Entry, 0, len(recs)), ids: make([]string, 0, len(recs)),
		linkIDs: make([]string, 0, len(recs)*2)}
	for _, rec := range recs {
		snap := p.snapshot(rec)
		e := &matching.Entry{Object: p.Object, RecordID: rec.ID(), Modstamp: valueString(snap["SystemModstamp"]), Snapshot: snap}
		pg.entries = append(pg.entries, e)
		pg.ids = append(pg.ids, e.RecordID)
		pg.linkIDs = append(append(pg.linkIDs, e.RecordID), relatedIDs(snap)...)
	}
	return pg
}
