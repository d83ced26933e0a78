package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// TestEntryFlagsAnotherMember: a Lead whose member code names another member
// than a candidate's is flagged on that candidate.
func TestEntryFlagsAnotherMember(t *testing.T) {
	a := newTestApp(t)
	ann, bob, _ := a.seed() // Ann was referred by ALICE1, Bob by nobody
	e := a.addEntry(&matching.Entry{Object: "Lead", RecordID: "00Q000000000077AAA", Modstamp: "2026-01-05T10:00:00.000Z",
		Snapshot: map[string]any{"FirstName": "Ann", "LastName": "Smith", "Email": "ann.smith@acme.test", "Member_Code__c": "BOB7"},
		Rule:     "Lead Status equals “Qualified”", TargetStatus: "qualified", Outcome: matching.EntryReview, Reason: matching.ReasonAmbiguous,
		Candidates: []matching.Candidate{{ReferralID: ann.ID, Score: 0.7}, {ReferralID: bob.ID, Score: 0.6}}})
	cl := a.signedIn("rev@example.com", store.RoleReviewer)
	p := cl.get("/entries/" + itoa(e.ID))
	if p.Code != http.StatusOK {
		t.Fatalf("entry page = %d", p.Code)
	}
	for _, want := range []string{"The record names member BOB7; this referral was referred by member ALICE1.", "The record names member BOB7; this referral has no member."} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("the entry page does not say %q", want)
		}
	}
}
