package main

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/refsync/refsync/connector"
	"github.com/refsync/refsync/connector/sfemu"
	"github.com/refsync/refsync/store"
	"github.com/refsync/refsync/web"
)

// sideBrowser is a signed-in browser on a UI whose "Salesforce side" is the emulator.
type sideBrowser struct {
	t    *testing.T
	base string
	c    *http.Client
}

func (b *sideBrowser) do(method, path string, form url.Values) (int, string) {
	b.t.Helper()
	req, _ := http.NewRequest(method, b.base+path, strings.NewReader(form.Encode()))
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", b.base)
	}
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

var sideCSRF = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// post sends a form of the Salesforce side page with the session's CSRF token.
func (b *sideBrowser) post(form url.Values) int {
	b.t.Helper()
	_, page := b.do(http.MethodGet, "/demo/salesforce", nil)
	m := sideCSRF.FindStringSubmatch(page)
	if m == nil {
		b.t.Fatalf("no CSRF token on the Salesforce side page:\n%s", page)
	}
	form.Set("_csrf", m[1])
	code, body := b.do(http.MethodPost, "/demo/salesforce", form)
	if code != http.StatusSeeOther {
		b.t.Fatalf("%v: %d %s", form, code, body)
	}
	return code
}

var sideFlash = regexp.MustCompile(`<p class="flash" role="status">([^<]*)</p>`)

// flashSays checks the message after the last action names the record in
// words and shows no Salesforce id (00Q…, 006…).
func (b *sideBrowser) flashSays(want ...string) {
	b.t.Helper()
	_, page := b.do(http.MethodGet, "/demo/salesforce", nil)
	m := sideFlash.FindStringSubmatch(page)
	if m == nil {
		b.t.Fatal("no message after the action")
	}
	msg := html.UnescapeString(m[1])
	for _, w := range want {
		if !strings.Contains(msg, w) {
			b.t.Errorf("the message %q does not say %q", msg, w)
		}
	}
	if regexp.MustCompile(`\b00[0-9A-Za-z]{13}`).MatchString(msg) {
		b.t.Errorf("the message %q shows a Salesforce id instead of a name", msg)
	}
}

// startSide runs the UI over a fresh database, with demo as its org (nil: not a demo), signed in as an admin.
func startSide(t *testing.T, emu *sfemu.Server, demo web.DemoOrg) (*sideBrowser, *store.DB) {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "refsync.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return startUI(t, db, func(id string) string { return emu.URL() + "/" + id }, demo), db
}

// startUI runs the UI over db, signed in as an admin (boss@example.com).
func startUI(t *testing.T, db *store.DB, recordURL func(string) string, demo web.DemoOrg) *sideBrowser {
	t.Helper()
	ctx := context.Background()
	rc, err := connector.New(connector.Options{Sink: db, Settings: db, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	h, _ := web.HashPassword("correct horse battery")
	if _, err := db.CreateUser(ctx, "boss@example.com", store.RoleAdmin, h, "test"); err != nil {
		t.Fatal(err)
	}
	ui, err := web.New(web.Deps{DB: db, Reviewer: rc, Demo: demo, RecordURL: recordURL})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(ui)
	t.Cleanup(srv.Close)
	jar, _ := cookiejar.New(nil)
	b := &sideBrowser{t: t, base: srv.URL, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if code, _ := b.do(http.MethodPost, "/login", url.Values{"email": {"boss@example.com"}, "password": {"correct horse battery"}}); code != http.StatusSeeOther {
		t.Fatalf("sign in: %d", code)
	}
	return b
}

// From the demo's "Salesforce side" page a newcomer closes a deal, qualifies
// and converts a Lead and creates a Lead for a referral, in the emulator; the
// "open in Salesforce ↗" links open the emulator's record page.
func TestDemoSalesforceSide(t *testing.T) {
	emu, err := sfemu.Start("127.0.0.1:0", sfemu.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	opp, err := emu.Insert("Opportunity", map[string]any{"Name": "Acme renewal", "StageName": "Prospecting", "CloseDate": time.Now().Format("2006-01-02")})
	if err != nil {
		t.Fatal(err)
	}
	lead1, _ := emu.Insert("Lead", map[string]any{"FirstName": "Ann", "LastName": "Lee", "Company": "Lee Co", "Email": "ann@example.com"})
	lead2, _ := emu.Insert("Lead", map[string]any{"FirstName": "Bo", "LastName": "Ray", "Company": "Ray Co", "Email": "bo@example.com"})
	b, db := startSide(t, emu, emuSide{emu})
	ref := &store.Referral{FirstName: "Cy", LastName: "Park", Email: "cy@example.com", Phone: "555-0100"}
	if err := db.CreateReferral(context.Background(), ref, "test"); err != nil {
		t.Fatal(err)
	}
	if _, dash := b.do(http.MethodGet, "/", nil); !strings.Contains(dash, `href="/demo/salesforce"`) {
		t.Fatal("the dashboard does not link the Salesforce side")
	}
	_, page := b.do(http.MethodGet, "/demo/salesforce", nil)
	link := emu.URL() + "/" + opp
	for _, want := range []string{"Acme renewal", "Ann Lee", "Bo Ray", "Cy Park", link} {
		if !strings.Contains(page, want) {
			t.Fatalf("the page lacks %q:\n%s", want, page)
		}
	}
	res, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	rec, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(rec), "Acme renewal") || !strings.Contains(string(rec), "Opportunity") {
		t.Fatalf("open in Salesforce: %d %s", res.StatusCode, rec)
	}

	b.post(url.Values{"action": {"won"}, "id": {opp}, "name": {"Acme renewal"}})
	b.flashSays("Acme renewal", `search the sales entries for "Acme renewal"`)
	if got := emu.Get("Opportunity", opp)["StageName"]; got != "Closed Won" {
		t.Fatalf("stage after Closed Won: %v", got)
	}
	b.post(url.Values{"action": {"qualify"}, "id": {lead1}})
	if got := emu.Get("Lead", lead1)["Status"]; got != "Working - Contacted" {
		t.Fatalf("status after Qualify: %v", got)
	}
	b.post(url.Values{"action": {"convert"}, "id": {lead2}, "name": {"Bo Ray"}})
	b.flashSays("The Lead of Bo Ray is converted")
	if l := emu.Get("Lead", lead2); l["IsConverted"] != true || l["ConvertedOpportunityId"] == nil {
		t.Fatalf("lead after Convert: %v", l)
	}
	b.post(url.Values{"action": {"lead"}, "id": {ref.ID}, "tag": {"on"}})
	b.flashSays("A Lead for Cy Park was created")
	var made map[string]any
	for _, l := range emu.Records("Lead") {
		if l["Email"] == "cy@example.com" {
			made = l
		}
	}
	if made == nil || made["Referral_ID__c"] != ref.ID || made["LastName"] != "Park" {
		t.Fatalf("lead for the referral: %v", made)
	}
	if _, page := b.do(http.MethodGet, "/demo/salesforce", nil); strings.Contains(page, "Acme renewal") {
		t.Fatal("a won Opportunity is still offered to close")
	}
}

// Outside the demo there is no Salesforce side page and no link to it.
func TestNoSalesforceSideOutsideTheDemo(t *testing.T) {
	b, _ := startSide(t, nil, nil)
	if code, _ := b.do(http.MethodGet, "/demo/salesforce", nil); code != http.StatusNotFound {
		t.Fatalf("/demo/salesforce outside the demo: %d", code)
	}
	if _, dash := b.do(http.MethodGet, "/", nil); strings.Contains(dash, "/demo/salesforce") {
		t.Fatal("the dashboard links a Salesforce side outside the demo")
	}
}
