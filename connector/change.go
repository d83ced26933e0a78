package connector

import (
	"context"
	"fmt"

	"github.com/refsync/refsync/matching"
)

// receiveChange runs one Salesforce change through the passes of the programs
// it concerns, each with its own copy of the entry, then keeps its snapshot.
func receiveChange(ctx context.Context, passes []*pass, e *matching.Entry, prev map[string]any) error {
	if len(passes) == 0 {
		return nil
	}
	sink := passes[0].r.sink
	if deleted, _ := e.Snapshot["IsDeleted"].(bool); deleted {
		if err := deletedRecord(ctx, passes, e); err != nil {
			return err
		}
		return sink.SaveSnapshotRx(ctx, e.Object, e.RecordID, e.Modstamp, e.Snapshot)
	}
	if wasDeleted, _ := prev["IsDeleted"].(bool); wasDeleted {
		if err := restoredRecord(ctx, passes, e); err != nil {
			return err
		}
	}
	targets := passes
	if len(passes) > 1 {
		var named []*pass
		for _, ps := range passes {
			if _, ok := ps.direct(salesEntry(ps.rules, e.Object, e.Snapshot)); ok {
				named = append(named, ps)
			}
		}
		if len(named) > 0 {
			targets = named
		}
	}
	for _, ps := range targets {
		pe := *e
		pe.ProgramID = ps.program
		if err := ps.receive(ctx, &pe, prev); err != nil {
			return err
		}
	}
	return sink.SaveSnapshotRx(ctx, e.Object, e.RecordID, e.Modstamp, e.Snapshot)
}

// deletedRecord stores a deleted record's entry once, in the program whose
// referral it was linked to (else the first program concerned), marks its
// links deleted and, for a merge, carries the link over to the survivor.
func deletedRecord(ctx context.Context, passes []*pass, e *matching.Entry) error {
	ps := passes[0]
	for _, p := range passes {
		if p.links[e.RecordID] != "" {
			ps = p
			break
		}
	}
	e.ProgramID = ps.program
	ref := ps.links[e.RecordID]
	linked, err := ps.r.sink.MarkDeletedRx(ctx, e.RecordID)
	if err != nil {
		return err
	}
	e.Outcome, e.Note = matching.EntryIgnored, "deleted in Salesforce"
	if linked {
		e.Note += "; its link to a referral is marked deleted"
	}
	if master := valueString(e.Snapshot["MasterRecordId"]); master != "" && ref != "" {
		// A merge: the surviving record carries the referral on.
		if err := ps.r.sink.LinkRx(ctx, ps.program, master, e.Object, ref, "merged", ps.remembered[e.RecordID]); err != nil {
			return err
		}
		e.ReferralID = ref
		e.Note = fmt.Sprintf("merged into %s in Salesforce; the link to referral %s moved there", master, ref)
	}
	return ps.r.sink.InsertEntryRx(ctx, e, matching.EntryEvent{Actor: "sync", Action: "received", Outcome: e.Outcome, Detail: e.Note})
}

// restoredRecord brings back the links of a record restored from the recycle
// bin, so its next changes reach the referral it was linked to.
func restoredRecord(ctx context.Context, passes []*pass, e *matching.Entry) error {
	refs, err := passes[0].r.sink.RestoreLinksRx(ctx, e.RecordID)
	if err != nil {
		return err
	}
	for _, ps := range passes {
		if ref := refs[ps.program]; ref != "" {
			ps.links[e.RecordID] = ref
		}
	}
	return nil
}
