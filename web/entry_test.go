package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/refsync/refsync/matching"
)

func TestEntryDetailShowsEverything(t *testing.T) {
	app := newTestApp(t)
	ann, bob, e := app.seed()
	cl := app.signedIn("rev@example.com", "reviewer")
	p := cl.get("/entries/" + itoa(e.ID))
	if p.Code != http.StatusOK {
		t.Fatalf("status %d", p.Code)
	}
	for _, want := range []string{
		"006000000000001AAA", "Closed Won", "Contact.Email", "ann.smith@acme.test", "1200", // snapshot
		"Opportunity StageName equals “Closed Won”", "Referral would become</dt><dd><strong>approved", // rule fired and target
		"Empty in Salesforce: Referral ID</p>", // labels, not API names
		`Stage Name <span class="mono muted api-name">StageName</span>`, `Contact Email <span class="mono muted api-name">Contact.Email</span>`,
		matching.ReasonWords(matching.ReasonAmbiguous),
		"Ann Smith", "Anne Smyth", "71%", "66%", "a possible match: check the fields", "same email after normalising", "one letter apart", "0.50", // candidates
		`value="` + ann.ID + `"`, `value="` + bob.ID + `"`, "Apply to this referral &amp; next", "Remember this link",
		"Received from Salesforce</strong> by the sync", // history
		"Correct a value and retry", "Dismiss",
	} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("entry page lacks %q", want)
		}
	}
	if i, j := strings.Index(p.Body, "Ann Smith"), strings.Index(p.Body, "Anne Smyth"); i > j {
		t.Error("candidates are not in rank order")
	}
}

func TestEntryApplyCandidate(t *testing.T) {
	app := newTestApp(t)
	ann, _, e := app.seed()
	cl := app.signedIn("rev@example.com", "reviewer")
	path := "/entries/" + itoa(e.ID)
	p := cl.post(path+"/apply", url.Values{"referral_id": {ann.ID}, "remember": {"on"}})
	if p.Code != http.StatusSeeOther || p.Location != path {
		t.Fatalf("apply: status %d location %q body %.300s", p.Code, p.Location, p.Body)
	}
	page := cl.get(path)
	for _, want := range []string{"applied to Ann Smith", "remembered", "Applied by hand</strong> by rev@example.com", "nothing needs doing"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("entry page after apply lacks %q", want)
		}
	}
	if got := app.Rev.Calls(); len(got) != 1 || got[0] != "apply "+itoa(e.ID)+" "+ann.ID+" true user:rev@example.com" {
		t.Fatalf("reviewer calls %v", got)
	}
	ref := cl.get("/referrals/" + ann.ID)
	for _, want := range []string{`id="referral-status">approved`, "by rev@example.com", "entry #" + itoa(e.ID), "006000000000001AAA", "(remembered)"} {
		if !strings.Contains(ref.Body, want) {
			t.Errorf("referral page lacks %q", want)
		}
	}
}

func TestEntryActionRefusals(t *testing.T) {
	app := newTestApp(t)
	_, _, e := app.seed()
	cl := app.signedIn("rev@example.com", "reviewer")
	path := "/entries/" + itoa(e.ID)
	for _, tc := range []struct {
		name, action string
		form         url.Values
		says         string
	}{
		{"apply without referral", "apply", url.Values{}, "Choose the referral"},
		{"apply to unknown referral", "apply", url.Values{"referral_id": {"ref_nope"}}, "There is no referral"},
		{"retry field without value", "retry", url.Values{"field": {"Referral_Code__c"}}, "Enter the corrected value of Referral_Code__c"},
		{"retry value without field", "retry", url.Values{"value": {"ALICE1"}}, "Choose which field"},
		{"dismiss without note", "dismiss", url.Values{"note": {"  "}}, "Write a note"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := cl.post(path+"/"+tc.action, tc.form)
			if p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, tc.says) {
				t.Fatalf("status %d, want 422 saying %q", p.Code, tc.says)
			}
			if !strings.Contains(p.Body, `role="alert"`) || !strings.Contains(p.Body, "Candidates") {
				t.Fatal("the refusal does not show the entry again with the message")
			}
		})
	}
	if calls := app.Rev.Calls(); len(calls) != 0 {
		t.Fatalf("reviewer called for invalid forms: %v", calls)
	}
	for _, bad := range []string{"/entries/999999", "/entries/abc", "/entries/-1"} {
		if p := cl.get(bad); p.Code != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", bad, p.Code)
		}
	}
	if p := cl.post("/entries/999999/dismiss", url.Values{"note": {"x"}}); p.Code != http.StatusNotFound {
		t.Errorf("dismiss of a missing entry: status %d, want 404", p.Code)
	}
}

func TestEntryRetryWithCorrection(t *testing.T) {
	app := newTestApp(t)
	ann, _, e := app.seed()
	cl := app.signedIn("rev@example.com", "reviewer")
	path := "/entries/" + itoa(e.ID)
	p := cl.post(path+"/retry", url.Values{"field": {"Referral_Code__c"}, "value": {"ALICE1"}})
	if p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "cannot be corrected; correctable fields:") {
		t.Fatalf("correcting a field the record lacks: status %d, want 422 naming the fields", p.Code)
	}
	// the reviewer fills in the referral id the record should have carried: a direct match
	p = cl.post(path+"/retry", url.Values{"field": {"Referral_ID__c"}, "value": {ann.ID}})
	if p.Code != http.StatusSeeOther {
		t.Fatalf("retry: status %d %s", p.Code, p.Body)
	}
	if got := app.Rev.corrections; len(got) != 2 || got[1]["Referral_ID__c"] != ann.ID {
		t.Fatalf("corrections passed: %v", got)
	}
	body := cl.get(path).Body
	if !strings.Contains(body, "retried: now processed") || !strings.Contains(body, "Retried</strong> by rev@example.com") {
		t.Fatalf("retry not reported on the entry page: %s", flashOf(body))
	}
	if r, _ := app.DB.ReferralByID(context.Background(), ann.ID); r.Status != "approved" {
		t.Fatalf("referral status after the corrected retry: %s", r.Status)
	}
}

func TestEntrySearchAnyReferralAndDismiss(t *testing.T) {
	app := newTestApp(t)
	_, bob, e := app.seed()
	cl := app.signedIn("rev@example.com", "reviewer")
	path := "/entries/" + itoa(e.ID)
	p := cl.get(path + "?rq=anne%40other")
	if !strings.Contains(p.Body, "Referrals found for") || !strings.Contains(p.Body, "pick="+bob.ID) {
		t.Fatalf("search any referral did not list Anne: %.500s", p.Body)
	}
	if strings.Contains(p.Body, `id="apply-picked"`) || strings.Contains(p.Body, "checked") {
		t.Fatal("a search result is chosen (or can be applied) before the reviewer compared it")
	}
	p = cl.get(path + "?rq=anne%40other&pick=" + bob.ID)
	if !strings.Contains(p.Body, `id="preview-compare"`) || !strings.Contains(p.Body, "Status: pending → <strong>approved</strong>") || !strings.Contains(p.Body, `id="apply-picked"`) {
		t.Fatalf("the picked referral is not compared (with what applying changes) before the apply: %s", p.Body)
	}
	if p := cl.get(path + "?rq=nobody-at-all"); !strings.Contains(p.Body, "No referral matches") {
		t.Fatal("an empty search says nothing")
	}
	p = cl.post(path+"/dismiss", url.Values{"note": {"a test record"}})
	if p.Code != http.StatusSeeOther || p.Location != "/entries" {
		t.Fatalf("dismiss: %d %q", p.Code, p.Location)
	}
	got, _ := app.DB.EntryByID(context.Background(), e.ID)
	if got.Outcome != matching.EntryDismissed || got.Note != "a test record" {
		t.Fatalf("after dismiss: %s %q", got.Outcome, got.Note)
	}
	// a dismissed entry can still be applied; once processed, it cannot be dismissed
	if p := cl.post(path+"/apply", url.Values{"referral_id": {bob.ID}}); p.Code != http.StatusSeeOther {
		t.Fatalf("apply after dismiss: status %d", p.Code)
	}
	if p := cl.post(path+"/dismiss", url.Values{"note": {"again"}}); p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "Not dismissed: Entry "+itoa(e.ID)+" was already processed") {
		t.Fatalf("dismissing a processed entry: status %d, want 422 with the receiver's reason", p.Code)
	}
}
