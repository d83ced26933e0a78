package connector

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/refsync/refsync/connector/salesforce"
)

// Late commits: a long transaction (batch Apex, a flow, a bulk load) makes a
// record visible minutes after its SystemModstamp, behind records already read.
// A regular poll reads from the watermark only — a window read whole is never
// read again — and asks, in the same composite call, for the ids and stamps
// (and their count) of the last lateTail behind it; a record whose stamp is
// not the one received is then read by Id. Once an hour (reconcileEvery) the
// ids and stamps of the last reconcileSpan are compared the same way.
// Everything is idempotent through the (Id, SystemModstamp) key.
const (
	lateTail       = 15 * time.Minute
	reconcileSpan  = 24 * time.Hour
	reconcileEvery = time.Hour
	idsPerQuery    = 200 // records read by Id in one query (the SOQL stays well under its length limit)
)

// stamps is a query of the ids and stamps of object in [from, before).
func (p *plan) stamps(from, before time.Time) string {
	return fmt.Sprintf("SELECT Id, SystemModstamp FROM %s WHERE SystemModstamp >= %s AND SystemModstamp < %s ORDER BY SystemModstamp, Id",
		p.Object, soqlTime(from), soqlTime(before))
}

// after is the regular query past a window read whole: every record changed
// after from (whole seconds), oldest first.
func (p *plan) after(from time.Time) string {
	return fmt.Sprintf("SELECT %s FROM %s WHERE SystemModstamp > %s ORDER BY SystemModstamp, Id", p.columns(), p.Object, soqlTime(from))
}

// count is a COUNT() query of object in [from, before).
func (p *plan) count(from, before time.Time) string {
	return fmt.Sprintf("SELECT COUNT() FROM %s WHERE SystemModstamp >= %s AND SystemModstamp < %s", p.Object, soqlTime(from), soqlTime(before))
}

// byIDs reads the records ids whole, as the regular query does.
func (p *plan) byIDs(ids []string) string {
	return fmt.Sprintf("SELECT %s FROM %s WHERE Id IN ('%s') ORDER BY SystemModstamp, Id", p.columns(), p.Object, strings.Join(ids, "','"))
}

// readRecent is a regular poll: the changes from `from` on, plus the late
// check of the tail behind it, in one API call when nothing is late. The
// watermark moves to the poll's start once the window is read whole.
func (r *Receiver) readRecent(ctx, runCtx context.Context, set *ruleSet, p *plan, from time.Time, res *RunResult) error {
	start := r.now()
	from = from.Truncate(time.Second) // SOQL times are whole seconds, as the org's stamps are
	tailFrom, tailTo := from.Add(-max(lateTail, set.merged.Lookback.Std())), from.Add(time.Second)
	pages, err := r.crm.QueryAllMulti(runCtx, []string{p.after(from), p.stamps(tailFrom, tailTo), p.count(tailFrom, tailTo)})
	if isQueryTimeout(err) {
		return r.readChanges(ctx, runCtx, set, p, from, false, res)
	}
	if err != nil {
		return err
	}
	first := pages[0]
	if _, err := r.readPages(ctx, runCtx, set, p, false, res, func(fn func(salesforce.Page) error) error {
		if err := fn(first); err != nil || first.Done {
			return err
		}
		return r.crm.QueryMore(runCtx, first.NextRecordsURL, fn)
	}); err != nil {
		return err
	}
	if err := r.windowDone(ctx, p.Object, start, false); err != nil {
		return err
	}
	tail := pages[1]
	if !tail.Done { // a mass update: compare the counts, read the stamps only if they differ
		have, err := r.sink.SnapshotCount(ctx, p.Object, formatModstamp(tailFrom), formatModstamp(tailTo))
		if err != nil || have == pages[2].TotalSize {
			return err
		}
		return r.reconcile(ctx, runCtx, set, p, tailFrom, tailTo, res)
	}
	return r.readLate(ctx, runCtx, set, p, tail.Records, res)
}

// reconcileDue runs the hourly pass over the last reconcileSpan when it is due.
func (r *Receiver) reconcileDue(ctx, runCtx context.Context, set *ruleSet, p *plan, res *RunResult) error {
	st := r.object(p.Object)
	now := r.now()
	r.mu.Lock()
	due := now.Sub(st.reconciled) >= reconcileEvery
	r.mu.Unlock()
	if !due {
		return nil
	}
	if err := r.reconcile(ctx, runCtx, set, p, now.Add(-reconcileSpan), now.Add(-lateTail), res); err != nil {
		return fmt.Errorf("reconcile the last %s: %w", reconcileSpan, err)
	}
	r.reconciledAt(p.Object, now)
	return nil
}

// reconciledAt notes that object's last reconcileSpan was compared (or read
// whole) at t: the next pass is due reconcileEvery later.
func (r *Receiver) reconciledAt(object string, t time.Time) {
	st := r.object(object)
	r.mu.Lock()
	st.reconciled = t
	r.mu.Unlock()
}

// reconcile reads the ids and stamps of [from, before) and then, by Id, every
// record whose stamp is not the one received.
func (r *Receiver) reconcile(ctx, runCtx context.Context, set *ruleSet, p *plan, from, before time.Time, res *RunResult) error {
	var recs []salesforce.Record
	err := r.crm.QueryAll(runCtx, p.stamps(from, before), func(page salesforce.Page) error {
		recs = append(recs, page.Records...)
		return nil
	})
	if err != nil {
		return err
	}
	return r.readLate(ctx, runCtx, set, p, recs, res)
}

// readLate reads by Id the records of recs (ids and stamps) whose newest
// change is not stored yet.
func (r *Receiver) readLate(ctx, runCtx context.Context, set *ruleSet, p *plan, recs []salesforce.Record, res *RunResult) error {
	var late []string
	for i := 0; i < len(recs); i += 1000 {
		chunk := recs[i:min(i+1000, len(recs))]
		ids := make([]string, len(chunk))
		for j, rec := range chunk {
			ids[j] = rec.ID()
		}
		have, err := r.sink.SnapshotStamps(ctx, p.Object, ids)
		if err != nil {
			return err
		}
		for _, rec := range chunk {
			if stamp := valueString(rec["SystemModstamp"]); sameStamp(have[rec.ID()], stamp) < 0 {
				late = append(late, rec.ID())
			}
		}
	}
	if len(late) == 0 {
		return nil
	}
	r.log.Info("reading changes committed late", slog.String("object", p.Object), slog.Int("records", len(late)))
	res.Late += len(late)
	for i := 0; i < len(late); i += idsPerQuery {
		q := p.byIDs(late[i:min(i+idsPerQuery, len(late))])
		if _, err := r.readWindow(ctx, runCtx, set, p, q, false, res); err != nil {
			return err
		}
	}
	return nil
}

// sameStamp compares a stored stamp with Salesforce's (-1: older or none).
func sameStamp(have, sf string) int {
	if have == "" {
		return -1
	}
	a, err1 := parseModstamp(have)
	b, err2 := parseModstamp(sf)
	if err1 != nil || err2 != nil {
		return strings.Compare(have, sf)
	}
	return a.Compare(b)
}
