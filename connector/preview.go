package connector

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/plain"
	"github.com/refsync/refsync/matching"
)

// PastEntries reads stored entries again, for the preview and the replay;
// *store.DB satisfies it.
type PastEntries interface {
	// EachPastEntry calls fn for each of the program's entries received at or
	// after since (RFC 3339), oldest first, with the snapshot of the same
	// record's entry before it (nil: the first one stored).
	EachPastEntry(ctx context.Context, programID int64, since string, fn func(e *matching.Entry, prev map[string]any) error) error
	// PrevSnapshotRx is the snapshot of the record's entry stored before e (nil: none).
	PrevSnapshotRx(ctx context.Context, e *matching.Entry) (map[string]any, error)
}

// PreviewRequest asks what a draft of a program's settings would have done
// to the entries received since Since (the type lives in package plain).
type PreviewRequest = plain.PreviewRequest

// pastEntry is one stored entry with the snapshot before it, and what the
// base rules and the draft make of it.
type pastEntry struct {
	e          *matching.Entry
	prev       map[string]any
	base, next *matching.Entry
}

// Preview runs the stored entries of a period through the pipeline twice in
// its dry-run mode, with the rules in force and with the draft, and reports
// what differs. Nothing in the database changes: every write happens in one
// transaction that is rolled back.
func (r *Receiver) Preview(ctx context.Context, req PreviewRequest) (*Preview, error) {
	src, ok := r.sink.(PastEntries)
	if !ok {
		return nil, fmt.Errorf("connector: preview: the store cannot read past entries")
	}
	if req.Program == 0 {
		req.Program = DefaultProgram
	}
	if req.Draft == nil {
		return nil, fmt.Errorf("%w: a preview needs the draft settings", ErrInvalid)
	}
	base := req.Base
	if base == nil {
		var err error
		if base, err = r.ProgramRules(ctx, req.Program); err != nil {
			return nil, err
		}
	}
	out := newTally(req, base, r.interval)
	var all []*pastEntry
	err := src.EachPastEntry(ctx, req.Program, req.Since.UTC().Format(time.RFC3339), func(e *matching.Entry, prev map[string]any) error {
		if skipInPreview(e) {
			out.Skipped++
			return nil
		}
		all = append(all, &pastEntry{e: e, prev: prev})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("connector: preview: read past entries: %w", err)
	}
	out.Examined = len(all)
	out.Unread = unread(req.Draft, all)
	ix, err := r.privateIndex(ctx, req.Program)
	if err != nil {
		return nil, fmt.Errorf("connector: preview: load referrals: %w", err)
	}
	err = r.dryRun(ctx, func(ctx context.Context, dry *Receiver, rec *dryRunSink) error {
		return previewRun(ctx, dry, rec, req, base, ix, all, out)
	})
	if err != nil {
		return nil, fmt.Errorf("connector: preview: %w", err)
	}
	return out.Preview, nil
}

// skipInPreview leaves out what the rules never decide again: a person's
// dismissal or choice, and deleted records.
func skipInPreview(e *matching.Entry) bool {
	deleted, _ := e.Snapshot["IsDeleted"].(bool)
	return e.Outcome == matching.EntryDismissed || e.Method == matching.MethodManual || deleted
}

// previewRun is the dry run: decide every entry with both rule sets; then,
// for the entries decided differently, store and apply them (commit) with
// each rule set in turn, each turn undone before the next.
func previewRun(ctx context.Context, dry *Receiver, rec *dryRunSink, req PreviewRequest, base *config.Rules,
	ix *matching.Index, all []*pastEntry, out *tally) error {
	ids := make([]string, 0, len(all))
	for _, p := range all {
		ids = append(append(ids, p.e.RecordID), relatedIDs(p.e.Snapshot)...)
	}
	links, remembered, err := dry.sink.LinkedRecordsRx(ctx, req.Program, ids)
	if err != nil {
		return err
	}
	newPass := func(rules *config.Rules) *pass {
		return &pass{r: dry, program: req.Program, rules: rules, ix: ix, links: copyLinks(links), remembered: remembered}
	}
	bp, dp := newPass(base), newPass(req.Draft)
	sameMatch := sameMatchRules(base, req.Draft)
	var differ []*pastEntry
	for _, p := range all {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, d := copyEntry(p.e), copyEntry(p.e)
		fb, fd := firedEvent(base, b.Object, p.prev, b.Snapshot), firedEvent(req.Draft, d.Object, p.prev, d.Snapshot)
		if sameMatch && b.Object != WebhookObject && reflect.DeepEqual(fb, fd) {
			continue // the same rule fired under the same matching rules: the same decision
		}
		if err := bp.evaluate(ctx, b, p.prev); err != nil {
			return fmt.Errorf("entry %d: %w", p.e.ID, err)
		}
		if err := dp.evaluate(ctx, d, p.prev); err != nil {
			return fmt.Errorf("entry %d: %w", p.e.ID, err)
		}
		if sameDecision(b, d) {
			continue
		}
		p.base, p.next = b, d
		differ = append(differ, p)
	}
	for _, turn := range []struct {
		ps   *pass
		pick func(p *pastEntry) *matching.Entry
		keep *[]StatusMove
	}{{bp, func(p *pastEntry) *matching.Entry { return p.base }, &out.baseMoves},
		{dp, func(p *pastEntry) *matching.Entry { return p.next }, &out.draftMoves}} {
		rec.moves = nil
		err := rec.undo(ctx, func(ctx context.Context) error {
			for _, p := range differ {
				if err := turn.ps.commit(ctx, turn.pick(p), true, "preview", "preview", false, false); err != nil {
					return fmt.Errorf("entry %d: %w", p.e.ID, err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		*turn.keep = rec.moves
	}
	for _, p := range differ {
		out.add(p, req.Sample)
	}
	out.finish()
	return nil
}

// unread lists the fields the draft's status change events read that no
// stored entry of their object carries (a field added to the rules since):
// the preview cannot tell what such a rule would have done.
func unread(draft *config.Rules, all []*pastEntry) []string {
	var out []string
	for _, ev := range draft.Events {
		seen, has := false, false
		for _, p := range all {
			if p.e.Object != ev.Object {
				continue
			}
			seen = true
			if _, has = p.e.Snapshot[ev.Field]; has || getField(p.e.Snapshot, ev.Field) != nil {
				has = true
				break
			}
		}
		if seen && !has && !slices.Contains(out, ev.Object+"."+ev.Field) {
			out = append(out, ev.Object+"."+ev.Field)
		}
	}
	return out
}
