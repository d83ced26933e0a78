package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestRetryByLabelSaysWhereTheChangeLives: a reviewer corrects "Referral ID"
// (no API name needed), is told only refsync's copy changed, and a reviewer
// refused an admin page is told what was refused.
func TestRetryByLabelSaysWhereTheChangeLives(t *testing.T) {
	app := newTestApp(t)
	ann, _, e := app.seed()
	cl := app.signedIn("rev@example.com", "reviewer")
	path := "/entries/" + itoa(e.ID)
	if body := cl.get(path).Body; !strings.Contains(body, `<option value="Referral ID" label="Referral_ID__c">`) {
		t.Fatal("the retry field list does not offer labels")
	}
	p := cl.post(path+"/retry", url.Values{"field": {"referral id"}, "value": {ann.ID}})
	if p.Code != http.StatusSeeOther {
		t.Fatalf("retry by label = %d %s", p.Code, p.Body)
	}
	if got := app.Rev.corrections; len(got) != 1 || got[0]["Referral_ID__c"] != ann.ID {
		t.Fatalf("corrections passed: %v", got)
	}
	if flash := flashOf(cl.get(p.Location).Body); !strings.Contains(flash, "Referral ID was corrected in refsync&#39;s copy of this change only") {
		t.Errorf("the retry does not say where the correction lives: %s", flash)
	}
	for path, want := range map[string]string{"/members/new": "Only admins may add a member", "/settings": "Only admins may open the settings", "/import": "Only admins may import"} {
		if p := cl.get(path); p.Code != http.StatusForbidden || !strings.Contains(p.Body, want) {
			t.Errorf("%s as a reviewer = %d, want %q", path, p.Code, want)
		}
	}
}
