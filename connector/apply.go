package connector

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"strings"

	"github.com/refsync/refsync/matching"
)

// commit stores the entry (insert, or update when existing) and, when it is
// processed, applies it: the target status through the guards, the links and
// the mapped fields. One history event says what happened, in words.
func (ps *pass) commit(ctx context.Context, e *matching.Entry, existing bool, actor, action string, manual, remember bool) error {
	sink := ps.r.sink
	var err error
	if existing {
		err = sink.UpdateEntryRx(ctx, e)
	} else {
		err = sink.InsertEntryRx(ctx, e)
	}
	if err != nil {
		return err
	}
	var detail []string
	if e.Rule != "" {
		detail = append(detail, "rule "+e.Rule)
	}
	detail = append(detail, matchWords(e))
	if e.Outcome == matching.EntryProcessed && e.ReferralID != "" {
		before := *e
		words, err := ps.apply(ctx, e, actor, manual, remember)
		if err != nil {
			return err
		}
		detail = append(detail, words...)
		if e.Outcome != before.Outcome || e.Reason != before.Reason || e.Note != before.Note {
			if err := sink.UpdateEntryRx(ctx, e); err != nil {
				return err
			}
		}
	}
	if e.Reason != "" {
		detail = append(detail, matching.ReasonWords(e.Reason))
	}
	ev := matching.EntryEvent{Actor: actor, Action: action, Outcome: e.Outcome, Reason: e.Reason, Detail: strings.Join(detail, "; ")}
	return sink.AddEntryEventRx(ctx, e.ID, ev)
}

// apply makes a processed entry's changes and returns them in words; a guard
// refusal changes the entry's outcome instead.
func (ps *pass) apply(ctx context.Context, e *matching.Entry, actor string, manual, remember bool) ([]string, error) {
	sink := ps.r.sink
	var words []string
	if e.TargetStatus == "" {
		if _, ok, err := sink.ReferralStatusRx(ctx, e.ReferralID); err != nil {
			return nil, err
		} else if !ok {
			return ps.missing(e), nil
		}
	}
	if e.TargetStatus != "" {
		override := manual || ps.rules.Process.AllowDeniedOverride
		from, changed, refusal, err := sink.ApplyStatusRx(ctx, e.ReferralID, e.TargetStatus, actor, e.ID, e.Modstamp, override)
		if err != nil && sink.NotFound(err) {
			return ps.missing(e), nil
		}
		if err != nil {
			return nil, fmt.Errorf("apply status: %w", err)
		}
		switch {
		case refusal == matching.ReasonDeniedOverride:
			unsure(e, refusal, ps.rules.Process.ReviewDenied)
			return []string{fmt.Sprintf("referral %s is denied; not made %s", e.ReferralID, e.TargetStatus)}, nil
		case refusal != "":
			e.Outcome, e.Reason = matching.EntryIgnored, refusal
			words = append(words, fmt.Sprintf("referral %s stays %s", e.ReferralID, from))
		case changed:
			words = append(words, fmt.Sprintf("referral %s: %s → %s", e.ReferralID, from, e.TargetStatus))
		default:
			words = append(words, fmt.Sprintf("referral %s was already %s", e.ReferralID, e.TargetStatus))
		}
	}
	if err := ps.link(ctx, e, manual, remember); err != nil {
		return nil, err
	}
	if e.Outcome != matching.EntryProcessed {
		return words, nil
	}
	if up := updates(ps.rules, e.Object, e.Snapshot); len(up) > 0 {
		if err := sink.UpdateReferralFieldsRx(ctx, e.ReferralID, up); err != nil { // writes all or nothing
			note := mappingProblem(ps.rules, e.Object, e.Snapshot)
			if note == "" {
				note = "The mapped fields could not be written onto the referral: " + err.Error()
			}
			e.Outcome, e.Reason, e.Note = matching.EntryFailed, matching.ReasonMappingInvalid, note
			return append(words, "mapped fields not written: "+err.Error()), nil
		}
		if len(up) == 1 {
			words = append(words, "updated 1 mapped field")
		} else {
			words = append(words, fmt.Sprintf("updated %d mapped fields", len(up)))
		}
		if _, ok := up["company"]; ok {
			ps.changed = append(ps.changed, e.ReferralID)
		}
	}
	return words, nil
}

// missing fails an entry whose matched referral no longer exists (the index
// knew it, the database does not): the entry waits for a person, the page goes on.
func (ps *pass) missing(e *matching.Entry) []string {
	ps.ix.Remove(e.ReferralID)
	ps.r.prog(ps.program).epoch.Add(1)
	ps.ahead.end()
	ps.ahead = nil // guesses made before the removal may name it
	e.Outcome, e.Reason = matching.EntryFailed, matching.ReasonNoMatch
	e.Note = fmt.Sprintf("the matched referral %s does not exist (any more); retry the entry or pick a referral", e.ReferralID)
	return []string{e.Note}
}

// link ties the record (and a converted Lead's Contact and Opportunity) to the entry's referral.
func (ps *pass) link(ctx context.Context, e *matching.Entry, manual, remember bool) error {
	if e.Object == WebhookObject {
		return nil
	}
	if ps.links == nil {
		ps.links, ps.remembered = map[string]string{}, map[string]bool{}
	}
	kind := string(e.Method)
	if manual {
		kind = string(matching.MethodManual)
	}
	put := func(id, object, kind string, remember bool) error {
		if id == "" || (ps.links[id] == e.ReferralID && !remember) {
			return nil
		}
		if ps.remembered[id] && !remember && ps.links[id] != e.ReferralID {
			return nil // a person's remembered decision is never replaced automatically
		}
		if err := ps.r.sink.LinkRx(ctx, ps.program, id, object, e.ReferralID, kind, remember); err != nil {
			return err
		}
		ps.links[id] = e.ReferralID
		ps.remembered[id] = ps.remembered[id] || remember
		return nil
	}
	if err := put(e.RecordID, e.Object, kind, remember); err != nil {
		return err
	}
	if converted, _ := e.Snapshot["IsConverted"].(bool); converted {
		for id, object := range map[string]string{valueString(e.Snapshot["ConvertedContactId"]): "Contact",
			valueString(e.Snapshot["ConvertedOpportunityId"]): "Opportunity"} {
			if err := put(id, object, "converted", false); err != nil {
				return err
			}
		}
	}
	return nil
}

// matchWords says how the entry was matched.
func matchWords(e *matching.Entry) string {
	switch {
	case e.ReferralID == "" && len(e.Candidates) > 0:
		return fmt.Sprintf("%d candidate(s), best score %.2f", len(e.Candidates), e.Score)
	case e.ReferralID == "":
		return "no referral matched"
	case e.Method == matching.MethodMember:
		return "no referral matched; added referral " + e.ReferralID + " under the member"
	case e.Method == matching.MethodFuzzy:
		return fmt.Sprintf("fuzzy match %s (score %.2f)", e.ReferralID, e.Score)
	}
	return fmt.Sprintf("%s match %s", e.Method, e.ReferralID)
}

var idEncoding = base32.NewEncoding("abcdefghijkmnpqrstuvwxyz23456789").WithPadding(base32.NoPadding)

// newReferralID returns a new referral id in the store's format (ref_ + 80 random bits).
func newReferralID() string {
	b := make([]byte, 10)
	if _, err := rand.Read(b); err != nil {
		panic("connector: no randomness: " + err.Error())
	}
	return "ref_" + idEncoding.EncodeToString(b)
}
