package connector

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/refsync/refsync/connector/plain"
	"github.com/refsync/refsync/matching"
)

// QualifyRequest is the inbound "qualify" webhook (the type lives in package plain).
type QualifyRequest = plain.QualifyRequest

// webhookMatch is what the matcher sees of a webhook entry.
func webhookMatch(snap map[string]any) (matching.SalesEntry, []memberRef) {
	str := func(k string) string { return strings.TrimSpace(valueString(snap[k])) }
	se := matching.SalesEntry{ReferralID: str("referral_id"), Email: str("email"), MemberCode: str("referral_code"),
		FirstName: str("first_name"), LastName: str("last_name"), Phone: str("phone"), Company: str("company")}
	var members []memberRef
	if se.MemberCode != "" {
		members = append(members, memberRef{"member_code", se.MemberCode})
	}
	return se, members
}

// Qualify runs the inbound webhook through the receiver as a sales entry of
// object "Webhook": matched like one, guarded like one, and put in review
// when unsure. Errors: ErrInvalid (nothing to identify the referral, bad status).
func (r *Receiver) Qualify(ctx context.Context, q QualifyRequest, actor string) (*matching.Entry, error) {
	q.Status = strings.ToLower(strings.TrimSpace(q.Status))
	if q.Status == "" {
		q.Status = "qualified"
	}
	switch q.Status {
	case "pending", "qualified", "approved", "denied":
	default:
		return nil, fmt.Errorf("%w: status %q must be one of pending, qualified, approved, denied", ErrInvalid, q.Status)
	}
	id := qualifyRecordID(q)
	if id == "" {
		return nil, fmt.Errorf("%w: give the referral id, or the referred person's email, name, phone or company (with the member's referral code to add a new referral)", ErrInvalid)
	}
	if _, err := r.index(ctx, q.ProgramID); err != nil { // loaded before the write transaction
		return nil, err
	}
	snap := map[string]any{"referral_id": q.ReferralID, "email": q.Email, "referral_code": q.ReferralCode, "status": q.Status,
		"first_name": q.FirstName, "last_name": q.LastName, "phone": q.Phone, "company": q.Company}
	var out *matching.Entry
	var done *pass
	var err error
	for try := 0; try < 5; try++ {
		e := &matching.Entry{ProgramID: q.ProgramID, Object: WebhookObject, RecordID: id, Modstamp: formatModstamp(r.now().Add(time.Duration(try) * time.Millisecond)),
			Snapshot: snap, Rule: fmt.Sprintf("webhook from %s asked for %s", actor, q.Status), TargetStatus: q.Status}
		err = r.sink.InTx(ctx, func(ctx context.Context) error {
			ps, err := r.programPass(ctx, q.ProgramID)
			if err != nil {
				return err
			}
			se, members := webhookMatch(snap)
			if err := ps.decide(ctx, e, se, members, true); err != nil {
				return err
			}
			if err := ps.commit(ctx, e, false, actor, "received", false, false); err != nil {
				return err
			}
			out, done = e, ps
			return nil
		})
		if err == nil || !strings.Contains(err.Error(), "already received") {
			break
		}
	}
	if err != nil {
		r.log.Warn("qualify webhook failed", slog.String("actor", actor), slog.Any("err", err))
		return nil, fmt.Errorf("connector: qualify: %w", err)
	}
	r.reindex(ctx, done)
	r.log.Info("qualify webhook", slog.String("actor", actor), slog.Int64("entry", out.ID), slog.String("outcome", string(out.Outcome)),
		slog.String("reason", out.Reason), slog.String("referral", out.ReferralID))
	return out, nil
}

// qualifyRecordID is what names a webhook entry's "record": the referral id,
// else the email, else the phone, else the name and company.
func qualifyRecordID(q QualifyRequest) string {
	for _, v := range []string{q.ReferralID, strings.ToLower(q.Email), q.Phone} {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return strings.ToLower(strings.TrimSpace(strings.Join(strings.Fields(q.FirstName+" "+q.LastName+" "+q.Company), " ")))
}
