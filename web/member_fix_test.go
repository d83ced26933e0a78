package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// A member_not_found entry is fixed from the UI: its page offers to add the
// member with the code it carries; once added, a retry adds the referral under them.
func TestMemberNotFoundFixedByAddingTheMember(t *testing.T) {
	a := newTestApp(t)
	admin := a.signedIn("ann@example.com", store.RoleAdmin)
	e := a.addEntry(&matching.Entry{Object: "Lead", RecordID: "00Q000000000077AAA", Modstamp: "2026-01-02T10:00:00.000Z",
		Snapshot: map[string]any{"Id": "00Q000000000077AAA", "FirstName": "Nia", "LastName": "New", "Email": "nia@new.example",
			"Company": "New Co", "Member_Code__c": "NEWBIE", "Status": "Closed - Converted"},
		Rule: "Lead Status entered “Closed - Converted” → qualified", TargetStatus: "qualified",
		Outcome: matching.EntryReview, Reason: matching.ReasonMemberNotFound})
	page := admin.get("/entries/" + itoa(e.ID))
	if !strings.Contains(page.Body, `href="/members/new?code=NEWBIE&amp;program=1"`) {
		t.Fatalf("no add-member link on the entry page: %s", page.Body)
	}
	if form := admin.get("/members/new?code=NEWBIE&program=1"); !strings.Contains(form.Body, `value="NEWBIE"`) {
		t.Fatalf("member form not prefilled")
	}
	if p := admin.post("/members/new", url.Values{"referral_code": {"NEWBIE"}, "first_name": {"Noor"}}); p.Code != http.StatusSeeOther {
		t.Fatalf("add member = %d %s", p.Code, p.Body)
	}
	if p := admin.post("/entries/"+itoa(e.ID)+"/retry", url.Values{}); p.Code != http.StatusSeeOther {
		t.Fatalf("retry = %d %s", p.Code, p.Body)
	}
	got, err := a.DB.EntryByID(context.Background(), e.ID)
	if err != nil || got.Outcome != matching.EntryProcessed || got.Method != matching.MethodMember {
		t.Fatalf("after adding the member and retrying: %+v, %v", got, err)
	}
	r, err := a.DB.ReferralByID(context.Background(), got.ReferralID)
	if err != nil || r.MemberCode != "NEWBIE" || r.Email != "nia@new.example" {
		t.Fatalf("referral added under the member: %+v, %v", r, err)
	}
}
