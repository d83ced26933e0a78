package store

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestCheckTransitionTable(t *testing.T) {
	all := []string{StatusPending, StatusQualified, StatusApproved, StatusDenied}
	// want[from][to] for an event (not manual, no override): "" allowed, else the reason code.
	want := map[string]map[string]string{
		StatusPending:   {StatusQualified: "", StatusApproved: "", StatusDenied: ""},
		StatusQualified: {StatusPending: ReasonBackwards, StatusApproved: "", StatusDenied: ""},
		StatusApproved:  {StatusPending: ReasonStatusFinal, StatusQualified: ReasonStatusFinal, StatusDenied: ReasonStatusFinal},
		StatusDenied:    {StatusPending: "", StatusQualified: ReasonDeniedOverride, StatusApproved: ReasonDeniedOverride},
	}
	for _, from := range all {
		for _, to := range all {
			if from == to {
				continue
			}
			t.Run(from+"→"+to, func(t *testing.T) {
				err := CheckTransition(from, to, false, false)
				code := ""
				var te *TransitionError
				if errors.As(err, &te) {
					code = te.Code
				} else if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				if code != want[from][to] {
					t.Fatalf("got %q, want %q", code, want[from][to])
				}
				if code != "" && !errors.Is(err, ErrTransition) {
					t.Fatal("refusal does not match ErrTransition")
				}
			})
		}
	}
	// The override opens denied → qualified/approved, and nothing out of approved.
	for _, to := range []string{StatusQualified, StatusApproved} {
		if err := CheckTransition(StatusDenied, to, true, false); err != nil {
			t.Errorf("denied→%s with override: %v", to, err)
		}
		if err := CheckTransition(StatusApproved, StatusPending, true, true); err == nil {
			t.Error("approved is final even for a person with the override")
		}
	}
	if err := CheckTransition(StatusQualified, StatusPending, false, true); err != nil {
		t.Errorf("a person may move qualified back to pending: %v", err)
	}
	if err := CheckTransition(StatusPending, "won", false, false); !errors.Is(err, ErrInvalid) {
		t.Errorf("unknown status: got %v", err)
	}
}

func TestSetReferralStatusWritesHistoryAndRefuses(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	r := &Referral{FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com"}
	if err := db.CreateReferral(ctx, r, "test"); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		to       string
		override bool
		eventAt  string
		changed  bool
		code     string
	}{
		{StatusQualified, false, "2024-01-02T00:00:00.000+0000", true, ""},
		{StatusQualified, false, "2024-01-03T00:00:00.000+0000", false, ""},             // already there
		{StatusPending, false, "2024-01-01T00:00:00.000+0000", false, ReasonStaleEvent}, // fired before the current one
		{StatusDenied, false, "2024-01-04T00:00:00.000+0000", true, ""},                 // qualified → denied
		{StatusApproved, false, "2024-01-05T00:00:00.000+0000", false, ReasonDeniedOverride},
		{StatusApproved, true, "2024-01-05T00:00:00.000+0000", true, ""}, // with the override
		{StatusDenied, true, "2024-01-06T00:00:00.000+0000", false, ReasonStatusFinal},
	}
	for i, s := range steps {
		_, changed, err := db.SetReferralStatus(ctx, StatusChange{ReferralID: r.ID, To: s.to, Actor: "sync", Override: s.override, EventAt: s.eventAt})
		var te *TransitionError
		code := ""
		if errors.As(err, &te) {
			code = te.Code
		} else if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if code != s.code || changed != s.changed {
			t.Fatalf("step %d (→%s): changed=%v code=%q, want changed=%v code=%q", i, s.to, changed, code, s.changed, s.code)
		}
	}
	got, _ := db.ReferralByID(ctx, r.ID)
	if got.Status != StatusApproved {
		t.Fatalf("final status %s", got.Status)
	}
	h, err := db.StatusHistory(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	var trail []string
	for _, row := range h {
		trail = append(trail, row.From+"→"+row.To)
	}
	if fmt.Sprint(trail) != "[→pending pending→qualified qualified→denied denied→approved]" {
		t.Fatalf("history %v", trail)
	}
}
