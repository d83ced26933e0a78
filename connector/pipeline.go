package connector

import (
	"context"
	"fmt"
	"strings"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/matching"
)

// pass is the pipeline inside one transaction: rules → match → process
// rules → apply, for the entries of one page (or one review action).
type pass struct {
	r          *Receiver
	program    int64 // the program whose rules, referrals and members this pass uses
	rules      *config.Rules
	ix         *matching.Index   // the program's referrals
	links      map[string]string // record id → linked referral
	remembered map[string]bool   // record ids whose link a person chose to remember
	created    []matching.Referral
	changed    []string   // referrals whose matched fields (company) a mapping changed
	ahead      *lookahead // the page's fuzzy matches, worked out in the background
}

// memberRef is a value naming the referring member.
type memberRef struct{ kind, value string }

// receivePage stores one page of records: new entries, their effects, the
// snapshots and the watermark (and a re-scan's progress), in one transaction.
// Every program whose rules watch the object receives each change as its own
// entry, matched against that program's referrals only; a direct Referral ID
// names the program, and then only that program receives it. It returns how
// many changes were new and how many had been received before.
func (r *Receiver) receivePage(ctx context.Context, set *ruleSet, p *plan, pg pageEntries, backfill bool) (n, skipped int, err error) {
	entries, ids, linkIDs := pg.entries, pg.ids, pg.linkIDs
	if len(entries) == 0 {
		return 0, 0, nil
	}
	progs := set.concerned(p.Object)
	passes := make([]*pass, len(progs))
	for i, prog := range progs {
		ix, err := r.index(ctx, prog.id)
		if err != nil {
			return 0, 0, err
		}
		passes[i] = &pass{r: r, program: prog.id, rules: prog.rules, ix: ix}
		if passes[i].ahead = pg.ahead[prog.id]; passes[i].ahead == nil {
			passes[i].ahead = passes[i].startLookahead(ctx, entries, linkIDs)
		}
		defer passes[i].ahead.end()
	}
	last := entries[len(entries)-1].Modstamp
	txCtx, stopEncoding := r.encodeAhead(ctx, entries)
	defer stopEncoding()
	var seq0, seq1 int64
	err = r.sink.InTx(txCtx, func(ctx context.Context) error {
		n, skipped = 0, 0
		var err error
		if seq0, err = r.sink.ReferralChangeSeq(ctx); err != nil {
			return err
		}
		known, err := r.sink.KnownEntriesRx(ctx, p.Object, ids)
		if err != nil {
			return err
		}
		prev, err := r.sink.SnapshotsRx(ctx, p.Object, ids)
		if err != nil {
			return err
		}
		for _, ps := range passes {
			ps.created, ps.changed = nil, nil
			if ps.links, ps.remembered, err = r.sink.LinkedRecordsRx(ctx, ps.program, linkIDs); err != nil {
				return err
			}
		}
		for i, e := range entries {
			if err := ctx.Err(); err != nil { // stopping: the page rolls back, the watermark stays
				return err
			}
			if i%statusWindow == 0 {
				if err := r.readStatusesAhead(ctx, passes, entries[i:min(i+statusWindow, len(entries))]); err != nil {
					return err
				}
			}
			key := [2]string{e.RecordID, e.Modstamp}
			if known[key] {
				skipped++
				continue
			}
			known[key] = true
			if ownWriteback(passes, e, prev[e.RecordID]) { // refsync's own status write-back coming back
				if err := r.sink.SaveSnapshotRx(ctx, e.Object, e.RecordID, e.Modstamp, e.Snapshot); err != nil {
					return err
				}
				prev[e.RecordID], skipped = e.Snapshot, skipped+1
				continue
			}
			if err := receiveChange(ctx, passes, e, prev[e.RecordID]); err != nil {
				return fmt.Errorf("%s %s: %w", e.Object, e.RecordID, err)
			}
			prev[e.RecordID] = e.Snapshot
			n++
		}
		if backfill {
			if err := r.sink.AdvanceBackfillRx(ctx, p.Object, last); err != nil {
				return err
			}
		}
		if err := r.sink.SetWatermarkRx(ctx, p.Object, last, n); err != nil {
			return err
		}
		seq1, err = r.sink.ReferralChangeSeq(ctx)
		return err
	})
	if err != nil {
		return 0, 0, err
	}
	for _, ps := range passes {
		r.reindex(ctx, ps)
	}
	r.ownChanges(seq0, seq1)
	return n, skipped, nil
}

// receive runs the pipeline on one new Salesforce entry of the pass's program and stores it.
func (ps *pass) receive(ctx context.Context, e *matching.Entry, prev map[string]any) error {
	if err := ps.evaluate(ctx, e, prev); err != nil {
		return err
	}
	return ps.commit(ctx, e, false, "sync", "received", false, false)
}

// decideRecord matches a Salesforce entry using the rules' fields.
func (ps *pass) decideRecord(ctx context.Context, e *matching.Entry) error {
	se, ok := ps.ahead.salesEntry(e)
	if !ok {
		se = salesEntry(ps.rules, e.Object, e.Snapshot)
	}
	var members []memberRef
	for _, f := range ps.rules.MemberFields {
		if f.Object == e.Object {
			if v := strings.TrimSpace(valueString(getField(e.Snapshot, f.Field))); v != "" {
				members = append(members, memberRef{f.Kind, v})
			}
		}
	}
	fuzzy := e.TargetStatus != "" || len(members) > 0 || len(updates(ps.rules, e.Object, e.Snapshot)) > 0
	return ps.decide(ctx, e, se, members, fuzzy)
}

// decide sets the entry's match and outcome: direct → fuzzy → member, then
// the process rules. It may add a referral under a member.
func (ps *pass) decide(ctx context.Context, e *matching.Entry, se matching.SalesEntry, members []memberRef, fuzzy bool) error {
	act := e.TargetStatus != ""
	e.Method, e.ReferralID, e.Score, e.Candidates, e.Reason = "", "", 0, nil, ""
	d := ps.match(e, se, fuzzy)
	pr := ps.rules.Process
	switch d.Outcome {
	case matching.OutcomeAuto:
		e.Method, e.ReferralID, e.Score, e.Candidates = d.Method, d.ReferralID, d.Score, d.Candidates
		if len(e.Candidates) == 0 {
			e.Candidates = []matching.Candidate{{ReferralID: d.ReferralID, Score: d.Score}}
		}
		allowed := d.Method == matching.MethodManual || (d.Method == matching.MethodDirect && pr.AutoDirect) ||
			(d.Method == matching.MethodFuzzy && pr.AutoFuzzy)
		if !allowed {
			unsure(e, matching.ReasonAutoDisabled, act)
			return nil
		}
		e.Outcome = matching.EntryProcessed
		return nil
	case matching.OutcomeReview:
		e.Score, e.Candidates = d.Score, d.Candidates
		unsure(e, d.Reason, act)
		return nil
	}
	e.Score, e.Candidates = d.Score, d.Candidates
	return ps.memberMatch(ctx, e, se, members, act)
}

// unsure puts an entry in review when something would be applied, else ignores it, with the reason.
func unsure(e *matching.Entry, reason string, review bool) {
	e.Reason = reason
	e.Outcome = matching.EntryIgnored
	if review {
		e.Outcome = matching.EntryReview
	}
}

// match finds the referral: a remembered manual link, the referral id or
// external id fields, a link of the record or of its related records, then
// the fuzzy matcher (only when fuzzy is set).
func (ps *pass) match(e *matching.Entry, se matching.SalesEntry, fuzzy bool) matching.Decision {
	auto := func(m matching.Method, ref string) matching.Decision {
		return matching.Decision{Outcome: matching.OutcomeAuto, Method: m, ReferralID: ref, Score: 1}
	}
	if ref, ok := ps.links[e.RecordID]; ok && ps.remembered[e.RecordID] {
		return auto(matching.MethodManual, ref)
	}
	if d, ok := ps.direct(se); ok {
		return d
	}
	for _, id := range append([]string{e.RecordID}, relatedIDs(e.Snapshot)...) {
		if ref, ok := ps.links[id]; ok {
			return auto(matching.MethodDirect, ref)
		}
	}
	if !fuzzy {
		return matching.Decision{Outcome: matching.OutcomeNoMatch}
	}
	se.SalesforceIDs = nil
	if d, ok := ps.ahead.take(e, se); ok {
		return d
	}
	return ps.ix.Match(se, ps.thresholds())
}

func (ps *pass) thresholds() matching.Thresholds {
	t := ps.rules.Thresholds
	return matching.Thresholds{Auto: t.Auto, Review: t.Review, Margin: t.Margin}
}

// direct finds the referral of the program a Referral ID or external id
// field names; ok is false when the entry names none of this program's.
func (ps *pass) direct(se matching.SalesEntry) (matching.Decision, bool) {
	if se.ReferralID == "" && se.ExternalID == "" {
		return matching.Decision{}, false
	}
	ext := se.ExternalID
	if ext == "" {
		ext = se.ReferralID // a Referral ID field may hold the program's own (external) id instead
	}
	d := ps.ix.Match(matching.SalesEntry{ReferralID: se.ReferralID, ExternalID: ext}, ps.thresholds())
	return d, d.Outcome == matching.OutcomeAuto
}

// memberMatch adds the referral under the member the entry names, when no
// referral matched; otherwise it sets the no-match outcome (process rule c).
func (ps *pass) memberMatch(ctx context.Context, e *matching.Entry, se matching.SalesEntry, members []memberRef, act bool) error {
	memberID, missing := "", false
	for _, m := range members {
		id, ok, err := ps.r.sink.MemberIDRx(ctx, ps.program, m.kind, m.value)
		if err != nil {
			return err
		}
		if ok {
			memberID = id
			break
		}
		missing = true
	}
	review := ps.rules.Process.ReviewNoMember
	switch {
	case memberID != "":
		ref := matching.Referral{ID: newReferralID(), ProgramID: ps.program, FirstName: se.FirstName, LastName: se.LastName, Email: se.Email,
			Phone: se.Phone, Company: se.Company, Street: se.Street, City: se.City, State: se.State, PostalCode: se.PostalCode,
			MemberCode: se.MemberCode}
		err := ps.r.sink.Savepoint(ctx, func(ctx context.Context) error {
			return ps.r.sink.CreateReferralRx(ctx, ps.program, ref, memberID, "sync")
		})
		if err != nil {
			unsure(e, matching.ReasonNoMatch, true)
			e.Note = "The member was found, but the referral could not be added: " + err.Error()
			return nil
		}
		ps.created = append(ps.created, ref)
		e.Method, e.ReferralID, e.Score, e.Outcome = matching.MethodMember, ref.ID, 1, matching.EntryProcessed
		e.Candidates = []matching.Candidate{{ReferralID: ref.ID, Score: 1}}
	case missing:
		unsure(e, matching.ReasonMemberNotFound, review)
	case act:
		unsure(e, matching.ReasonNoMatch, review)
	default:
		e.Outcome, e.Reason = matching.EntryIgnored, ""
	}
	return nil
}

// reindex brings the matcher's index in step after a pass committed: new
// referrals, and referrals whose company a mapping changed.
func (r *Receiver) reindex(ctx context.Context, ps *pass) {
	for _, ref := range ps.created {
		ps.ix.Add(ref)
	}
	if len(ps.created) > 0 {
		r.prog(ps.program).epoch.Add(1) // after the change: a match begun before it is stale
	}
	for _, id := range ps.changed {
		if ref, err := r.sink.ReferralMatch(ctx, id); err == nil {
			r.ReferralChanged(ref)
		}
	}
}
