package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/refsync/refsync/store"
)

func TestReferralAddEditAndManualStatus(t *testing.T) {
	a := newTestApp(t)
	admin := a.signedIn("ann@example.com", store.RoleAdmin)
	ctx := context.Background()

	// Refused with the API's words, the form keeps what was typed.
	p := admin.post("/referrals/new", url.Values{"first_name": {"Eve"}, "email": {"not-an-email"}})
	if p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, `email &#34;not-an-email&#34; is not an email address`) || !strings.Contains(p.Body, `value="Eve"`) {
		t.Fatalf("bad email = %d %s", p.Code, p.Body)
	}
	if p := admin.post("/referrals/new", url.Values{"email": {"eve@x.io"}, "member_code": {"NOPE"}}); p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "NOPE") {
		t.Fatalf("unknown member code = %d", p.Code)
	}
	p = admin.post("/referrals/new", url.Values{"first_name": {"Eve"}, "last_name": {"Adams"}, "email": {"eve@x.io"}})
	if p.Code != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/referrals/ref_") {
		t.Fatalf("add = %d %s", p.Code, p.Location)
	}
	id := strings.TrimPrefix(p.Location, "/referrals/")
	r, err := a.DB.ReferralByID(ctx, id)
	if err != nil || r.SFState != store.SFQueued {
		t.Fatalf("added referral = %+v, %v", r, err)
	}
	if p := admin.post("/referrals/new", url.Values{"email": {"EVE@x.io"}}); p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "already used") {
		t.Fatalf("duplicate email = %d", p.Code)
	}
	if p := admin.post("/referrals/"+id+"/edit", url.Values{"first_name": {"Eva"}, "last_name": {"Adams"}, "email": {"eva@x.io"}}); p.Code != http.StatusSeeOther {
		t.Fatalf("edit = %d %s", p.Code, p.Body)
	}
	if r, _ := a.DB.ReferralByID(ctx, id); r.FirstName != "Eva" || r.Email != "eva@x.io" {
		t.Fatalf("after edit: %+v", r)
	}

	// Manual status change: a reason is required, the guards apply, the history names the person.
	status := func(to, note string) string {
		p := admin.post("/referrals/"+id+"/status", url.Values{"status": {to}, "note": {note}})
		if p.Code != http.StatusSeeOther {
			t.Fatalf("status %s = %d", to, p.Code)
		}
		return admin.get(p.Location).Body
	}
	if body := status("qualified", ""); !strings.Contains(body, "Say why") {
		t.Error("a change without a reason was not refused")
	}
	if r, _ := a.DB.ReferralByID(ctx, id); r.Status != store.StatusPending {
		t.Fatalf("changed without a reason: %s", r.Status)
	}
	body := status("approved", "signed the contract by phone")
	if !strings.Contains(body, "Status changed to approved") || !strings.Contains(body, "by ann@example.com") || !strings.Contains(body, "signed the contract by phone") {
		t.Errorf("approved page: %s", body)
	}
	if body := status("pending", "oops"); !strings.Contains(body, "final") {
		t.Error("approved → pending was not refused by the guard")
	}
	if r, _ := a.DB.ReferralByID(ctx, id); r.Status != store.StatusApproved {
		t.Errorf("status after the refused change: %s", r.Status)
	}
	reviewer := a.signedIn("rev@example.com", store.RoleReviewer)
	if p := reviewer.post("/referrals/"+id+"/status", url.Values{"status": {"denied"}, "note": {"x"}}); p.Code != http.StatusForbidden {
		t.Errorf("reviewer changed a status: %d", p.Code)
	}
}

func TestMembersAddEditAndPages(t *testing.T) {
	a := newTestApp(t)
	admin := a.signedIn("ann@example.com", store.RoleAdmin)
	if p := admin.post("/members/new", url.Values{"referral_code": {"has space"}}); p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "must not contain spaces") {
		t.Fatalf("bad code = %d", p.Code)
	}
	p := admin.post("/members/new", url.Values{"referral_code": {"MIA1"}, "first_name": {"Mia"}, "email": {"mia@x.io"}})
	if p.Code != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/members/mem_") {
		t.Fatalf("add = %d %s %s", p.Code, p.Location, p.Body)
	}
	if p := admin.post("/members/new", url.Values{"referral_code": {"MIA1"}}); p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "already used") {
		t.Fatalf("duplicate code = %d", p.Code)
	}
	id := strings.TrimPrefix(p.Location, "/members/")
	if p := admin.post("/referrals/new", url.Values{"last_name": {"Referred"}, "member_code": {"MIA1"}}); p.Code != http.StatusSeeOther {
		t.Fatalf("referral under the new member = %d %s", p.Code, p.Body)
	}
	if p := admin.post("/members/"+id+"/edit", url.Values{"referral_code": {"MIA1"}, "first_name": {"Mia"}, "last_name": {"Moss"}, "email": {"mia@x.io"}}); p.Code != http.StatusSeeOther {
		t.Fatalf("edit = %d %s", p.Code, p.Body)
	}
	reviewer := a.signedIn("rev@example.com", store.RoleReviewer)
	page := reviewer.get("/members/" + id)
	if page.Code != 200 || !strings.Contains(page.Body, "Mia Moss") || !strings.Contains(page.Body, "Referred") {
		t.Fatalf("member page = %d %s", page.Code, page.Body)
	}
	if list := reviewer.get("/members?q=mia"); !strings.Contains(list.Body, "MIA1") {
		t.Errorf("member list: %s", list.Body)
	}
	if p := reviewer.post("/members/new", url.Values{"referral_code": {"X"}}); p.Code != http.StatusForbidden {
		t.Errorf("reviewer added a member: %d", p.Code)
	}
}
