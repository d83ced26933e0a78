package main

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/store"
)

// With the push setting "create", the org's duplicate rule refuses the pushed
// Lead and the push fails naming the existing Lead. The referral page offers
// to link the referral to it in one click; the admin's click links it (no
// Salesforce call, no second Lead), and the audit log says who did it. A
// second click, from a stale page, links nothing and says so.
func TestLinkAFailedPushToTheDuplicateRulesRecord(t *testing.T) {
	ctx := context.Background()
	db, o := openDB(t), newOrg(t)
	existing, r := pushIntoDuplicateRule(t, db, o, config.OnExistingCreate)
	if got, _ := db.ReferralByID(ctx, r.ID); got.SFState != store.SFFailed {
		t.Fatalf("after the refused push: state %q (%s), want failed", got.SFState, got.SFError)
	}

	b := startUI(t, db, func(id string) string { return "https://org.example/" + id }, nil)
	path := "/referrals/" + r.ID
	_, page := b.do(http.MethodGet, path, nil)
	for _, want := range []string{"Link to the existing Lead", `name="record_id" value="` + existing + `"`, "https://org.example/" + existing} {
		if !strings.Contains(page, want) {
			t.Fatalf("the referral page does not offer the link (%q):\n%s", want, page)
		}
	}
	m := sideCSRF.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no CSRF token on the referral page")
	}
	link := url.Values{"_csrf": {m[1]}, "record_id": {existing}}
	if code, body := b.do(http.MethodPost, path+"/link", link); code != http.StatusSeeOther {
		t.Fatalf("link: %d %s", code, body)
	}
	_, page = b.do(http.MethodGet, path, nil)
	if f := sideFlash.FindStringSubmatch(page); f == nil || !strings.Contains(html.UnescapeString(f[1]), "Ana Ruiz is linked to the existing Lead "+existing) {
		t.Fatalf("no message saying what was linked:\n%s", page)
	}
	got, _ := db.ReferralByID(ctx, r.ID)
	links, _ := db.LinksOfReferral(ctx, r.ID)
	if got.SFState != store.SFLinked || got.SFError != "" || len(links) != 1 || links[0].RecordID != existing {
		t.Fatalf("after the click: state %q error %q links %+v; want linked to %s", got.SFState, got.SFError, links, existing)
	}
	if n := len(o.srv.Records("Lead")); n != 1 {
		t.Fatalf("%d Leads in the org, want the one existing", n)
	}
	if strings.Contains(page, "Link to the existing Lead") {
		t.Error("the linked referral still offers the link")
	}
	if _, audit := b.do(http.MethodGet, "/settings/audit", nil); !strings.Contains(audit, "Referral linked to an existing record") ||
		!strings.Contains(audit, "boss@example.com") || !strings.Contains(audit, existing) {
		t.Fatalf("the audit log does not say who linked it:\n%s", audit)
	}
	if code, _ := b.do(http.MethodPost, path+"/link", link); code != http.StatusSeeOther {
		t.Fatalf("second link: %d", code)
	}
	if _, page = b.do(http.MethodGet, path, nil); !strings.Contains(page, "Nothing was linked") {
		t.Fatalf("a second click does not say nothing was linked:\n%s", page)
	}
}

// pushIntoDuplicateRule switches on the org's duplicate rule on Lead.Phone,
// adds the existing Lead it will name and a referral with the same phone, and
// pushes that referral with the existing-email option; it returns the
// existing Lead's id and the referral.
func pushIntoDuplicateRule(t *testing.T, db *store.DB, o *org, option string) (string, *store.Referral) {
	t.Helper()
	if err := o.srv.SetDuplicateRule("Lead", "Phone", true); err != nil {
		t.Fatal(err)
	}
	existing, err := o.srv.Insert("Lead", map[string]any{"LastName": "Ruiz", "Company": "Ruiz SL", "Phone": "+34 600 111 222", "Email": "old@ruiz.example"})
	if err != nil {
		t.Fatal(err)
	}
	r := addReferral(t, db, &store.Referral{FirstName: "Ana", LastName: "Ruiz", Company: "Ruiz SL", Phone: "+34 600 111 222", Email: "ana@ruiz.example"})
	rules := config.DefaultPushRules()
	rules.OnExistingEmail = option
	if _, err := newWorker(db, o.sf, rules).RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	return existing, r
}
