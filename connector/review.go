package connector

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/refsync/refsync/matching"
)

// WebhookObject is the Object of entries received through the qualify webhook.
const WebhookObject = "Webhook"

// programPass starts a pass with a program's rules and index (0: the default program).
func (r *Receiver) programPass(ctx context.Context, id int64) (*pass, error) {
	if id == 0 {
		id = DefaultProgram
	}
	rules, err := r.ProgramRules(ctx, id)
	if err != nil {
		return nil, err
	}
	ix, err := r.index(ctx, id)
	if err != nil {
		return nil, err
	}
	return &pass{r: r, program: id, rules: rules, ix: ix}, nil
}

// loadForAction reads an entry inside an action's transaction and refuses
// entries that are already processed.
func (r *Receiver) loadForAction(ctx context.Context, entryID int64, action string) (*matching.Entry, error) {
	e, err := r.sink.EntryByID(ctx, entryID)
	if err != nil {
		return nil, r.notFound(err, fmt.Sprintf("connector: %s entry %d", action, entryID))
	}
	if e.Outcome == matching.EntryProcessed {
		return nil, fmt.Errorf("%w: entry %d was already processed (referral %s); it cannot be changed by %s", ErrConflict, entryID, e.ReferralID, action)
	}
	return e, nil
}

// newPass starts a pass for one action in the entry's program, with the
// links of the entry's records.
func (r *Receiver) newPass(ctx context.Context, e *matching.Entry) (*pass, error) {
	ps, err := r.programPass(ctx, e.ProgramID)
	if err != nil {
		return nil, err
	}
	ps.links, ps.remembered, err = r.sink.LinkedRecordsRx(ctx, ps.program, append([]string{e.RecordID}, relatedIDs(e.Snapshot)...))
	return ps, err
}

// ApplyEntry applies a person's choice: the entry is about referralID. Its
// target status goes through the guards (the choice counts as the override
// of a denied referral), the record is linked (remembered when asked) and a
// history row names the actor. A guard refusal (approved is final, stale
// event) is recorded on the returned entry, not returned as an error.
// Errors: ErrInvalid (no referral id), ErrNotFound (entry or referral),
// ErrConflict (entry already processed).
func (r *Receiver) ApplyEntry(ctx context.Context, entryID int64, referralID string, remember bool, actor string) (*matching.Entry, error) {
	referralID = strings.TrimSpace(referralID)
	if referralID == "" {
		return nil, fmt.Errorf("%w: pick the referral to apply the entry to", ErrInvalid)
	}
	return r.reviewAction(ctx, entryID, "apply", nil, func(ctx context.Context, e *matching.Entry, ps *pass) error {
		if e.Method == matching.MethodManual && e.ReferralID == referralID && e.Reason == matching.ReasonStatusFinal {
			return fmt.Errorf("%w: entry %d was already applied to referral %s, whose status is final; nothing more can change (another apply won)",
				ErrConflict, entryID, referralID)
		}
		if _, ok, err := r.sink.ReferralStatusRx(ctx, referralID); err != nil {
			return err
		} else if !ok {
			return fmt.Errorf("%w: referral %s does not exist", ErrNotFound, referralID)
		}
		if ref, err := r.sink.ReferralMatch(ctx, referralID); err == nil && ref.ProgramID != ps.program && ref.ProgramID != 0 {
			return fmt.Errorf("%w: referral %s belongs to program %d, this entry to program %d; pick a referral of the entry's program", ErrInvalid, referralID, ref.ProgramID, ps.program)
		}
		score := 1.0
		for _, c := range e.Candidates {
			if c.ReferralID == referralID {
				score = c.Score
			}
		}
		e.Method, e.ReferralID, e.Score, e.Outcome, e.Reason = matching.MethodManual, referralID, score, matching.EntryProcessed, ""
		e.Attempts++
		return ps.commit(ctx, e, true, actor, "apply", true, remember)
	})
}

// reviewAction runs a person's action on a stored entry in one transaction:
// it loads the entry (refusing processed ones), lets prepare (optional) edit
// it, prepares a pipeline pass for it, runs act, and afterwards brings the
// matcher's index in step with what act changed.
func (r *Receiver) reviewAction(ctx context.Context, entryID int64, action string, prepare func(e *matching.Entry) error,
	act func(ctx context.Context, e *matching.Entry, ps *pass) error) (*matching.Entry, error) {
	var out *matching.Entry
	var done *pass
	err := r.sink.InTx(ctx, func(ctx context.Context) error {
		e, err := r.loadForAction(ctx, entryID, action)
		if err != nil {
			return err
		}
		if prepare != nil {
			if err := prepare(e); err != nil {
				return err
			}
		}
		ps, err := r.newPass(ctx, e)
		if err != nil {
			return err
		}
		if err := act(ctx, e, ps); err != nil {
			return err
		}
		out, done = e, ps
		return nil
	})
	if err == nil {
		r.reindex(ctx, done)
	}
	return out, err
}

// RetryEntry runs the pipeline again on the entry's stored snapshot with
// corrected values (e.g. {"Referral_ID__c": "ref_…"}); the rule that fired
// stays. Keys must be fields of the snapshot. Errors: ErrInvalid (unknown
// field), ErrNotFound, ErrConflict (already processed).
func (r *Receiver) RetryEntry(ctx context.Context, entryID int64, corrections map[string]string, actor string) (*matching.Entry, error) {
	prepare := func(e *matching.Entry) error { // corrections first: they may change what the pass reads
		note, err := correct(e, corrections)
		e.Note = note
		return err
	}
	return r.reviewAction(ctx, entryID, "retry", prepare, func(ctx context.Context, e *matching.Entry, ps *pass) error {
		var err error
		e.Attempts++
		if err = ps.decideEntry(ctx, e); err != nil {
			return err
		}
		return ps.commit(ctx, e, true, actor, "retry", false, false)
	})
}

// correct writes corrections into the entry's snapshot and describes them.
func correct(e *matching.Entry, corrections map[string]string) (string, error) {
	if e.Snapshot == nil {
		e.Snapshot = map[string]any{}
	}
	var parts []string
	for k, v := range corrections {
		key := ""
		for have := range e.Snapshot {
			if strings.EqualFold(have, k) {
				key = have
			}
		}
		if key == "" || key == "Id" || key == "SystemModstamp" {
			names := make([]string, 0, len(e.Snapshot))
			for have := range e.Snapshot {
				if have != "Id" && have != "SystemModstamp" {
					names = append(names, have)
				}
			}
			sort.Strings(names)
			return "", fmt.Errorf("%w: %q cannot be corrected; correctable fields: %s", ErrInvalid, k, strings.Join(names, ", "))
		}
		e.Snapshot[key] = v
		parts = append(parts, fmt.Sprintf("%s = %q", key, v))
	}
	sort.Strings(parts)
	if len(parts) == 0 {
		return e.Note, nil
	}
	return "corrected " + strings.Join(parts, ", "), nil
}

// DismissEntry closes an entry without applying it, with the person's note.
// Errors: ErrNotFound, ErrConflict (already processed).
func (r *Receiver) DismissEntry(ctx context.Context, entryID int64, note, actor string) (*matching.Entry, error) {
	var out *matching.Entry
	err := r.sink.InTx(ctx, func(ctx context.Context) error {
		e, err := r.loadForAction(ctx, entryID, "dismiss")
		if err != nil {
			return err
		}
		e.Outcome, e.Note = matching.EntryDismissed, strings.TrimSpace(note)
		ev := matching.EntryEvent{Actor: actor, Action: "dismiss", Outcome: e.Outcome, Reason: e.Reason, Detail: e.Note}
		if err := r.sink.UpdateEntryRx(ctx, e, ev); err != nil {
			return err
		}
		out = e
		return nil
	})
	return out, err
}
