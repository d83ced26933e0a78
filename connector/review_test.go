package connector_test

import (
	"errors"
	"testing"

	"github.com/refsync/refsync/connector"
	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// reviewEntry makes a Closed Won Opportunity nobody can match: it lands in review (no_match).
func reviewEntry(t *testing.T, e *env) (*matching.Entry, *store.Referral) {
	t.Helper()
	ref := e.referral(&store.Referral{FirstName: "Eve", LastName: "Quinn", Email: "eve@quinn.example"})
	opp := e.insert("Opportunity", map[string]any{"StageName": "Closed Won", "Referral_ID__c": "typo-123"})
	e.sync()
	en := e.entryOf(opp)
	if en.Outcome != matching.EntryReview || en.Reason != matching.ReasonNoMatch {
		t.Fatalf("setup: entry %s/%s", en.Outcome, en.Reason)
	}
	return en, ref
}

func TestApplyEntry(t *testing.T) {
	e := newEnv(t)
	en, ref := reviewEntry(t, e)
	if _, err := e.rc.ApplyEntry(e.ctx, en.ID, "ref_missing", false, "user:ann"); !errors.Is(err, connector.ErrNotFound) {
		t.Fatalf("unknown referral: %v", err)
	}
	if _, err := e.rc.ApplyEntry(e.ctx, 99999, ref.ID, false, "user:ann"); !errors.Is(err, connector.ErrNotFound) || !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown entry: %v", err)
	}
	got, err := e.rc.ApplyEntry(e.ctx, en.ID, ref.ID, true, "user:ann")
	if err != nil {
		t.Fatal(err)
	}
	if got.Outcome != matching.EntryProcessed || got.Method != matching.MethodManual || e.status(ref.ID) != "approved" {
		t.Fatalf("applied entry %+v, status %s", got, e.status(ref.ID))
	}
	h, _ := e.db.EntryHistory(e.ctx, en.ID)
	if last := h[len(h)-1]; last.Actor != "user:ann" || last.Action != "apply" {
		t.Fatalf("history = %+v", h)
	}
	if _, err := e.rc.ApplyEntry(e.ctx, en.ID, ref.ID, true, "user:ann"); !errors.Is(err, connector.ErrConflict) {
		t.Fatalf("second apply: %v", err)
	}
	// The remembered link is used from then on, even though the field still holds the typo.
	e.update("Opportunity", en.RecordID, map[string]any{"Amount": 99.0})
	e.sync()
	if next := e.entryOf(en.RecordID); next.Method != matching.MethodManual || next.ReferralID != ref.ID {
		t.Fatalf("next entry = %+v", next)
	}
}

func TestApplyEntryOverridesDenied(t *testing.T) {
	e := newEnv(t)
	ref := e.referral(&store.Referral{FirstName: "Den", LastName: "Ied", Email: "den@example.com", Status: "denied"})
	opp := e.insert("Opportunity", map[string]any{"StageName": "Closed Won", "Referral_ID__c": ref.ID})
	e.sync()
	en := e.entryOf(opp)
	if en.Reason != matching.ReasonDeniedOverride {
		t.Fatalf("setup: %s/%s", en.Outcome, en.Reason)
	}
	if _, err := e.rc.ApplyEntry(e.ctx, en.ID, ref.ID, false, "user:boss"); err != nil {
		t.Fatal(err)
	}
	if got := e.status(ref.ID); got != "approved" {
		t.Fatalf("a person's choice must override denied: %s", got)
	}
}

func TestRetryEntryWithCorrection(t *testing.T) {
	e := newEnv(t)
	en, ref := reviewEntry(t, e)
	if _, err := e.rc.RetryEntry(e.ctx, en.ID, map[string]string{"Nonsense__c": "x"}, "user:ann"); !errors.Is(err, connector.ErrInvalid) {
		t.Fatalf("unknown field: %v", err)
	}
	got, err := e.rc.RetryEntry(e.ctx, en.ID, map[string]string{"Referral_ID__c": ref.ID}, "user:ann")
	if err != nil {
		t.Fatal(err)
	}
	if got.Outcome != matching.EntryProcessed || got.Attempts != 2 || e.status(ref.ID) != "approved" {
		t.Fatalf("retried entry %+v, status %s", got, e.status(ref.ID))
	}
}

func TestDismissEntry(t *testing.T) {
	e := newEnv(t)
	en, _ := reviewEntry(t, e)
	got, err := e.rc.DismissEntry(e.ctx, en.ID, "test deal", "user:ann")
	if err != nil || got.Outcome != matching.EntryDismissed || got.Note != "test deal" {
		t.Fatalf("dismiss = %+v, %v", got, err)
	}
	if st := mustStats(e); st.QueueSize != 0 {
		t.Fatalf("queue = %d after dismiss", st.QueueSize)
	}
}

func TestQualifyWebhook(t *testing.T) {
	e := newEnv(t)
	m := &store.Member{ReferralCode: "MEM1", Email: "mem@example.com"}
	if err := e.db.CreateMember(e.ctx, m); err != nil {
		t.Fatal(err)
	}
	ref := e.referral(&store.Referral{FirstName: "Kim", LastName: "Lee", Email: "kim@lee.example"})
	tests := []struct {
		name    string
		q       connector.QualifyRequest
		err     error
		outcome matching.EntryOutcome
		reason  string
	}{
		{"by id", connector.QualifyRequest{ReferralID: ref.ID}, nil, matching.EntryProcessed, ""},
		{"nothing to go on", connector.QualifyRequest{ReferralCode: "MEM1"}, connector.ErrInvalid, "", ""},
		{"bad status", connector.QualifyRequest{ReferralID: ref.ID, Status: "won"}, connector.ErrInvalid, "", ""},
		{"new under member", connector.QualifyRequest{Email: "new@person.example", ReferralCode: "MEM1"}, nil, matching.EntryProcessed, ""},
		{"unknown member", connector.QualifyRequest{Email: "zed@elsewhere.example", ReferralCode: "NOPE"}, nil, matching.EntryReview, matching.ReasonMemberNotFound},
		{"stranger", connector.QualifyRequest{Email: "stranger@x.example"}, nil, matching.EntryReview, matching.ReasonNoMatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := e.rc.Qualify(e.ctx, tt.q, "api:shop")
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil || got.Object != connector.WebhookObject || got.Outcome != tt.outcome || got.Reason != tt.reason {
				t.Fatalf("entry = %+v, err %v", got, err)
			}
		})
	}
	if e.status(ref.ID) != "qualified" {
		t.Fatalf("status = %s", e.status(ref.ID))
	}
	created, _ := e.db.ReferralByEmail(e.ctx, 1, "new@person.example")
	if created == nil || created.MemberID != m.ID || created.Status != "qualified" {
		t.Fatalf("referral under member = %+v", created)
	}
}
