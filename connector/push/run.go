package push

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/outbound"
	"github.com/refsync/refsync/connector/plain"
	"github.com/refsync/refsync/connector/salesforce"
)

// pushItems pushes claimed items with one set of push rules, records the
// outcomes and puts the error of every item not finished into errs.
func (w *Worker) pushItems(ctx context.Context, rules config.PushRules, items []Item, errs map[int64]error) error {
	outs, pending := w.alreadyDone(items)
	r := &run{w: w, rules: rules, errs: errs}
	pending, err := r.recover(ctx, pending)
	if err == nil {
		pending, err = r.existingEmails(ctx, pending)
	}
	if err == nil {
		err = r.create(ctx, pending)
		pending = r.left
	}
	outs = append(outs, r.outs...)
	if ferr := w.Store.FinishPushes(ctx, outs); ferr != nil {
		return fmt.Errorf("push: record outcomes: %w", ferr)
	}
	if err != nil {
		wait(errs, pending, err)
	}
	return err
}

// alreadyDone finishes items whose referral already reached Salesforce (the job was queued again).
func (w *Worker) alreadyDone(items []Item) ([]Outcome, []Item) {
	var outs []Outcome
	var rest []Item
	for _, it := range items {
		switch it.SFState {
		case StateCreated, StateLinked, StateUpdated:
			outs = append(outs, Outcome{JobID: it.JobID, ReferralID: it.Referral.ID, State: it.SFState})
		default:
			rest = append(rest, it)
		}
	}
	return outs, rest
}

// run is one pass over claimed items.
type run struct {
	w     *Worker
	rules config.PushRules
	outs  []Outcome
	left  []Item          // items still waiting when a call failed
	errs  map[int64]error // items Salesforce refused for now (a row lock, …): retried
}

// refused records a per-record refusal: retried when it is transient
// (outbound.Classify), else the item fails for good with Salesforce's words.
func (r *run) refused(it Item, e error) {
	if _, transient := outbound.Classify(outbound.Record(e)); transient {
		r.errs[it.JobID] = outbound.Record(e)
		return
	}
	if r.duplicate(it, e) {
		return
	}
	r.done(it, StateFailed, "", "", recordError(e))
}

// duplicate applies the existing-email option to a record a Salesforce
// duplicate rule refused, when the rule named the existing record: link to
// it (link, update — it is not changed), or deny the referral (deny). With
// create, or without a named record, the push fails with the record named.
func (r *run) duplicate(it Item, e error) bool {
	var ae *salesforce.APIError
	if !errors.Is(e, salesforce.ErrDuplicate) || !errors.As(e, &ae) || len(ae.Duplicates) == 0 {
		return false
	}
	d := ae.Duplicates[0]
	switch r.rules.OnExistingEmail {
	case config.OnExistingLink, config.OnExistingUpdate:
		r.doneOn(d.Object, it, StateLinked, d.ID, "duplicate", fmt.Sprintf("a Salesforce duplicate rule matched %s %s; linked, not changed", d.Object, d.ID))
		return true
	case config.OnExistingDeny:
		r.done(it, StateDenied, "", "", fmt.Sprintf("a Salesforce duplicate rule matched %s %s", d.Object, d.ID))
		return true
	}
	return false
}

func (r *run) done(it Item, state, recordID, kind, msg string) {
	r.doneOn(r.rules.Object, it, state, recordID, kind, msg)
}

// doneOn is done for a record of another object (an existing Contact when pushing Leads).
func (r *run) doneOn(object string, it Item, state, recordID, kind, msg string) {
	r.outs = append(r.outs, Outcome{JobID: it.JobID, ReferralID: it.Referral.ID, State: state, Object: object,
		RecordID: recordID, LinkKind: kind, Error: errText(state, msg), Note: noteText(state, msg)})
}

func errText(state, msg string) string {
	if state == StateFailed {
		return msg
	}
	return ""
}

func noteText(state, msg string) string {
	if state == StateFailed {
		return ""
	}
	return msg
}

// recover links referrals whose earlier create call may have landed: their Referral ID is looked up first.
func (r *run) recover(ctx context.Context, items []Item) ([]Item, error) {
	var ids []string
	for _, it := range items {
		if it.SFState == StateSending {
			ids = append(ids, it.Referral.ID)
		}
	}
	found, err := r.w.byReferralID(ctx, r.rules.Object, r.rules.ReferralIDField, ids)
	if err != nil {
		return items, err
	}
	var rest []Item
	for _, it := range items {
		if id := found[it.Referral.ID]; id != "" {
			r.done(it, StateCreated, id, "created", "")
			continue
		}
		rest = append(rest, it)
	}
	return rest, nil
}

// existingEmails applies the existing-email option to referrals whose email a record already has.
func (r *run) existingEmails(ctx context.Context, items []Item) ([]Item, error) {
	if r.rules.OnExistingEmail == config.OnExistingCreate && r.rules.RecentWindowMinutes == 0 {
		return items, nil
	}
	found, err := r.w.byEmail(ctx, r.rules.Object, items)
	if err != nil {
		return items, err
	}
	window := time.Duration(r.rules.RecentWindowMinutes) * time.Minute
	var rest, updates []Item
	var updateIDs []string
	for _, it := range items {
		recs := found[strings.ToLower(strings.TrimSpace(it.Referral.Email))]
		if len(recs) == 0 {
			rest = append(rest, it)
			continue
		}
		first, newest := recs[0], recs[0] // first: the push object's oldest when it has one
		for _, rec := range recs {
			if rec.Created.After(newest.Created) {
				newest = rec
			}
		}
		switch {
		case window > 0 && r.w.Now().Sub(newest.Created) < window:
			r.doneOn(newest.Object, it, StateLinked, newest.ID, "email", fmt.Sprintf("a %s with this email was created in Salesforce %s ago; linked, not changed",
				newest.Object, r.w.Now().Sub(newest.Created).Round(time.Minute)))
		case r.rules.OnExistingEmail == config.OnExistingLink:
			r.doneOn(first.Object, it, StateLinked, first.ID, "email", "")
		case r.rules.OnExistingEmail == config.OnExistingUpdate && first.Object == r.rules.Object:
			updates, updateIDs = append(updates, it), append(updateIDs, first.ID)
		case r.rules.OnExistingEmail == config.OnExistingUpdate:
			r.doneOn(first.Object, it, StateLinked, first.ID, "email", fmt.Sprintf("the email is on %s %s, not on a %s; linked without changing it",
				first.Object, first.ID, r.rules.Object))
		case r.rules.OnExistingEmail == config.OnExistingDeny:
			r.done(it, StateDenied, "", "", fmt.Sprintf("the email is already on %s %s in Salesforce", first.Object, first.ID))
		default:
			rest = append(rest, it)
		}
	}
	if err := r.update(ctx, updates, updateIDs); err != nil {
		return append(rest, r.left...), err
	}
	return rest, nil
}

// update writes the mapped fields onto existing records and links them.
func (r *run) update(ctx context.Context, items []Item, ids []string) error {
	if len(items) == 0 {
		return nil
	}
	recs := make([]map[string]any, len(items))
	for i, it := range items {
		recs[i] = UpdateFields(it, r.rules)
		recs[i]["Id"] = ids[i]
	}
	res, err := r.w.SF.UpdateMany(ctx, r.rules.Object, recs, false)
	for i, sr := range res {
		if e := sr.Err(); e != nil {
			r.refused(items[i], e)
			continue
		}
		r.done(items[i], StateUpdated, ids[i], "email", "")
	}
	if err != nil {
		r.left = items[len(res):]
		return err
	}
	return nil
}

// create makes new records for the items, after marking them as being sent.
func (r *run) create(ctx context.Context, items []Item) error {
	if len(items) == 0 {
		return nil
	}
	ids := make([]string, len(items))
	recs := make([]map[string]any, len(items))
	for i, it := range items {
		ids[i], recs[i] = it.Referral.ID, Fields(it, r.rules)
	}
	if err := r.w.Store.MarkSending(ctx, ids); err != nil {
		r.left = items
		return fmt.Errorf("push: mark referrals as being sent: %w", err)
	}
	res, err := r.w.SF.CreateMany(ctx, r.rules.Object, recs, false)
	for i, sr := range res {
		if e := sr.Err(); e != nil {
			r.refused(items[i], e)
			continue
		}
		r.done(items[i], StateCreated, sr.ID, "created", "")
	}
	if err != nil {
		for i := len(res); i < len(items); i++ {
			items[i].SFState = StateSending
		}
		r.left = items[len(res):]
		return fmt.Errorf("push: create %ss: %w", r.rules.Object, err)
	}
	return nil
}

// recordError is the text shown on a referral Salesforce refused.
func recordError(err error) string {
	var ae *salesforce.APIError
	if errors.As(err, &ae) {
		msg := ae.Code + ": " + ae.Message
		if errors.Is(err, salesforce.ErrDuplicate) {
			msg += " (a Salesforce duplicate rule blocked the record; merge or link it in Salesforce, then retry)"
			for _, d := range ae.Duplicates {
				msg += plain.DuplicateMatch(d.Object, d.ID)
			}
		}
		return msg
	}
	return err.Error()
}
