package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/refsync/refsync/store"
)

func TestReferralListAndSearch(t *testing.T) {
	app := newTestApp(t)
	ann, bob, _ := app.seed()
	if _, _, err := app.DB.SetReferralStatus(context.Background(), store.StatusChange{ReferralID: bob.ID, To: store.StatusDenied, Actor: "test", Manual: true}); err != nil {
		t.Fatal(err)
	}
	cl := app.signedIn("rev@example.com", "reviewer")
	for _, tc := range []struct {
		query     string
		want, not []string
	}{
		{"", []string{ann.ID, bob.ID}, nil},
		{"?q=ann.smith", []string{ann.ID}, []string{bob.ID}},
		{"?q=Other", []string{bob.ID}, []string{ann.ID}},
		{"?status=denied", []string{bob.ID}, []string{ann.ID}},
		{"?q=zzz", nil, []string{ann.ID, bob.ID}},
	} {
		t.Run(tc.query, func(t *testing.T) {
			p := cl.get("/referrals" + tc.query)
			if p.Code != http.StatusOK {
				t.Fatalf("status %d", p.Code)
			}
			for _, id := range tc.want {
				if !strings.Contains(p.Body, "/referrals/"+id) {
					t.Errorf("lacks %s", id)
				}
			}
			for _, id := range tc.not {
				if strings.Contains(p.Body, "/referrals/"+id) {
					t.Errorf("shows %s", id)
				}
			}
		})
	}
	for _, bad := range []string{"?status=won", "?after=garbage"} {
		if p := cl.get("/referrals" + bad); p.Code != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", bad, p.Code)
		}
	}
}

func TestReferralDetail(t *testing.T) {
	app := newTestApp(t)
	ann, _, _ := app.seed()
	ctx := context.Background()
	if err := app.DB.LinkRecord(ctx, store.Link{RecordID: "00Q000000000009AAA", Object: "Lead", ReferralID: ann.ID, Kind: "direct"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := app.DB.SetReferralStatus(ctx, store.StatusChange{ReferralID: ann.ID, To: store.StatusQualified, Actor: "sync", Note: "Lead converted"}); err != nil {
		t.Fatal(err)
	}
	cl := app.signedIn("rev@example.com", "reviewer")
	p := cl.get("/referrals/" + ann.ID)
	for _, want := range []string{"Ann Smith", "ann.smith@acme.test", "Acme Inc", "Alice", "ALICE1", "00Q000000000009AAA", "Lead", "direct",
		"pending → <strong>qualified</strong> by the sync", "Lead converted", `id="referral-status">qualified`} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("referral page lacks %q", want)
		}
	}
	if p := cl.get("/referrals/ref_doesnotexist"); p.Code != http.StatusNotFound {
		t.Fatalf("unknown referral: status %d", p.Code)
	}
}
