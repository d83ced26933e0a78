package store

import (
	"context"
	"errors"
	"testing"

	"github.com/refsync/refsync/matching"
)

func TestWatermarkOnlyMovesForward(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	steps := []struct{ set, want string }{
		{"2026-01-02T00:00:00.000Z", "2026-01-02T00:00:00.000Z"},
		{"2026-01-01T00:00:00.000Z", "2026-01-02T00:00:00.000Z"},
		{"2026-01-03T00:00:00.000Z", "2026-01-03T00:00:00.000Z"},
	}
	for _, s := range steps {
		if err := db.SetWatermarkRx(ctx, "Lead", s.set, 1); err != nil {
			t.Fatal(err)
		}
		if wm, _, _ := db.Watermark(ctx, "Lead"); wm != s.want {
			t.Fatalf("after %s watermark = %s, want %s", s.set, wm, s.want)
		}
	}
	if err := db.SetBackfill(ctx, "Lead", "2025-01-01T00:00:00.000Z"); err != nil {
		t.Fatal(err)
	}
	if err := db.FinishSyncRun(ctx, "Lead", "", false); err != nil {
		t.Fatal(err)
	}
	st, _ := db.SyncState(ctx, "Lead")
	if st.BackfillFrom == "" || st.EntriesTotal != 3 || st.LastSuccessAt == "" {
		t.Fatalf("state = %+v", st)
	}
	if err := db.FinishSyncRun(ctx, "Lead", "Salesforce unavailable", true); err != nil {
		t.Fatal(err)
	}
	st, _ = db.SyncState(ctx, "Lead")
	if st.BackfillFrom != "" || st.LastError != "Salesforce unavailable" {
		t.Fatalf("state = %+v", st)
	}
	all, err := db.SyncStates(ctx)
	if err != nil || len(all) != 1 {
		t.Fatalf("states = %v, %v", all, err)
	}
}

func TestReceiveHelpers(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	m := &Member{ReferralCode: "ANN1", Email: "Ann@Example.com"}
	if err := db.CreateMember(ctx, m); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ kind, value string }{{"member_code", "ANN1"}, {"member_email", " ann@example.com"}} {
		id, ok, err := db.MemberIDRx(ctx, DefaultProgram, tc.kind, tc.value)
		if err != nil || !ok || id != m.ID {
			t.Fatalf("MemberIDRx(%s) = %s %v %v", tc.kind, id, ok, err)
		}
	}
	if _, ok, _ := db.MemberIDRx(ctx, DefaultProgram, "member_code", "NOPE"); ok {
		t.Fatal("found a member for an unknown code")
	}
	err := db.InTx(ctx, func(ctx context.Context) error {
		return db.CreateReferralRx(ctx, DefaultProgram, matching.Referral{ID: "ref_1", FirstName: "Bo", Email: "bo@x.io"}, m.ID, "sync")
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.UpdateReferralFieldsRx(ctx, "ref_1", map[string]string{"amount": "1200.5", "company": "Bo Inc", "custom.tier": "gold"}); err != nil {
		t.Fatal(err)
	}
	r, _ := db.ReferralByID(ctx, "ref_1")
	if r.Amount == nil || *r.Amount != 1200.5 || r.Company != "Bo Inc" || r.Custom["tier"] != "gold" || r.MemberID != m.ID {
		t.Fatalf("referral = %+v", r)
	}
	if err := db.UpdateReferralFieldsRx(ctx, "ref_1", map[string]string{"amount": "lots"}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("bad amount: %v", err)
	}
	tests := []struct {
		to       string
		override bool
		changed  bool
		refusal  string
	}{
		{"qualified", false, true, ""},
		{"qualified", false, false, ""},
		{"denied", false, true, ""},
		{"approved", false, false, ReasonDeniedOverride},
		{"approved", true, true, ""},
		{"qualified", true, false, ReasonStatusFinal},
	}
	for i, tt := range tests {
		_, changed, refusal, err := db.ApplyStatusRx(ctx, "ref_1", tt.to, "sync", 0, "", tt.override)
		if err != nil || changed != tt.changed || refusal != tt.refusal {
			t.Fatalf("step %d → %s: changed=%v refusal=%q err=%v", i, tt.to, changed, refusal, err)
		}
	}
	if _, _, _, err := db.ApplyStatusRx(ctx, "ref_none", "approved", "sync", 0, "", false); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing referral: %v", err)
	}
	if err := db.LinkRx(ctx, DefaultProgram, "00Q1", "Lead", "ref_1", "manual", true); err != nil {
		t.Fatal(err)
	}
	if err := db.LinkRx(ctx, DefaultProgram, "00Q1", "Lead", "ref_1", "fuzzy", false); err != nil { // must not replace the remembered link
		t.Fatal(err)
	}
	refs, rem, err := db.LinkedRecordsRx(ctx, DefaultProgram, []string{"00Q1", "00Q2"})
	if err != nil || refs["00Q1"] != "ref_1" || !rem["00Q1"] || len(refs) != 1 {
		t.Fatalf("links = %v %v %v", refs, rem, err)
	}
	if linked, err := db.MarkDeletedRx(ctx, "00Q1"); err != nil || !linked {
		t.Fatalf("mark deleted: %v %v", linked, err)
	}
	if refs, _, _ := db.LinkedRecordsRx(ctx, DefaultProgram, []string{"00Q1"}); len(refs) != 0 {
		t.Fatal("deleted link still live")
	}
}
