package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/refsync/refsync/connector"
	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

const testPassword = "correct horse battery"

// testApp is a running UI over a fresh database.
type testApp struct {
	t   testing.TB
	DB  *store.DB
	Rev *recordingReviewer
	Rx  *connector.Receiver
	Srv *httptest.Server
}

// newTestApp runs the UI over a fresh database with the real receiver
// (without a Salesforce connection unless crm is configured).
func newTestApp(t testing.TB, configure ...func(*Deps)) *testApp {
	return newTestAppRx(t, nil, configure...)
}

// newTestAppCRM is newTestApp with the receiver connected to crm.
func newTestAppCRM(t testing.TB, crm connector.CRM, configure ...func(*Deps)) *testApp {
	return newTestAppRx(t, func(o *connector.Options) { o.CRM = crm }, configure...)
}

// newTestAppRx is newTestApp with the receiver's options adjusted by rx.
func newTestAppRx(t testing.TB, rx func(*connector.Options), configure ...func(*Deps)) *testApp {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "refsync.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	opts := connector.Options{Sink: db, Settings: db, Logger: slog.New(slog.DiscardHandler)}
	if rx != nil {
		rx(&opts)
	}
	rc, err := connector.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	rev := &recordingReviewer{inner: rc}
	d := Deps{DB: db, Reviewer: rev}
	for _, f := range configure {
		f(&d)
	}
	e, err := New(d)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return &testApp{t: t, DB: db, Rev: rev, Rx: rc, Srv: srv}
}

// addUser creates a user with testPassword.
func (a *testApp) addUser(email, role string) {
	a.t.Helper()
	h, err := HashPassword(testPassword)
	if err != nil {
		a.t.Fatal(err)
	}
	if _, err := a.DB.CreateUser(context.Background(), email, role, h, "test"); err != nil {
		a.t.Fatal(err)
	}
}

// client is a browser: a cookie jar, redirects not followed.
type client struct {
	app *testApp
	c   *http.Client
}

func (a *testApp) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{app: a, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// signedIn returns a client signed in as a new user of that role.
func (a *testApp) signedIn(email, role string) *client {
	a.t.Helper()
	a.addUser(email, role)
	cl := a.client()
	res, _ := cl.login(email, testPassword)
	if res.StatusCode != http.StatusSeeOther {
		a.t.Fatalf("sign in as %s: status %d", email, res.StatusCode)
	}
	return cl
}

type page struct {
	Code     int
	Body     string
	Location string
	Header   http.Header
}

func (cl *client) do(req *http.Request) page {
	cl.app.t.Helper()
	res, err := cl.c.Do(req)
	if err != nil {
		cl.app.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return page{Code: res.StatusCode, Body: string(b), Location: res.Header.Get("Location"), Header: res.Header}
}

func (cl *client) get(path string) page {
	req, _ := http.NewRequest(http.MethodGet, cl.app.Srv.URL+path, nil)
	return cl.do(req)
}

// postRaw posts the form as is (no token added).
func (cl *client) postRaw(path string, form url.Values, header ...string) page {
	req, _ := http.NewRequest(http.MethodPost, cl.app.Srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return cl.do(req)
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// token reads the CSRF token a page of the client carries.
func (cl *client) token(path string) string {
	cl.app.t.Helper()
	p := cl.get(path)
	m := csrfField.FindStringSubmatch(p.Body)
	if m == nil {
		cl.app.t.Fatalf("no _csrf field on %s (status %d)", path, p.Code)
	}
	return m[1]
}

// post posts the form as the browser would from a page of refsync: with the
// session's token from the dashboard when signed in, and same-origin.
func (cl *client) post(path string, form url.Values) page {
	cl.app.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if cl.hasSession() {
		form.Set("_csrf", cl.token("/"))
	}
	return cl.postRaw(path, form, "Sec-Fetch-Site", "same-origin")
}

func (cl *client) hasSession() bool {
	u, _ := url.Parse(cl.app.Srv.URL)
	for _, ck := range cl.c.Jar.Cookies(u) {
		if ck.Name == sessionCookie {
			return true
		}
	}
	return false
}

func (cl *client) login(email, pw string) (*http.Response, string) {
	cl.app.t.Helper()
	form := url.Values{"email": {email}, "password": {pw}}
	if cl.hasSession() {
		form.Set("_csrf", cl.token("/")) // a signed-in browser posts the login form with its session's token
	}
	req, _ := http.NewRequest(http.MethodPost, cl.app.Srv.URL+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", cl.app.Srv.URL)
	res, err := cl.c.Do(req)
	if err != nil {
		cl.app.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// seed adds a member and referrals ann, bob (same family) and a review entry
// for an Opportunity that should move one of them to approved.
func (a *testApp) seed() (ann, bob *store.Referral, entry *matching.Entry) {
	a.t.Helper()
	ctx := context.Background()
	m := &store.Member{ReferralCode: "ALICE1", FirstName: "Alice", Email: "alice@example.com"}
	if err := a.DB.CreateMember(ctx, m); err != nil {
		a.t.Fatal(err)
	}
	ann = &store.Referral{FirstName: "Ann", LastName: "Smith", Email: "ann.smith@acme.test", Company: "Acme Inc", MemberCode: "ALICE1"}
	bob = &store.Referral{FirstName: "Anne", LastName: "Smyth", Email: "anne@other.test", Company: "Other LLC"}
	for _, r := range []*store.Referral{ann, bob} {
		if err := a.DB.CreateReferral(ctx, r, "test"); err != nil {
			a.t.Fatal(err)
		}
	}
	entry = a.addEntry(&matching.Entry{Object: "Opportunity", RecordID: "006000000000001AAA", Modstamp: "2026-01-02T10:00:00.000Z",
		Snapshot: map[string]any{"Id": "006000000000001AAA", "StageName": "Closed Won", "Referral_ID__c": nil, "Contact.FirstName": "Ann", "Contact.LastName": "Smith", "Contact.Email": "ann.smith@acme.test", "Amount": 1200.0},
		Rule:     "Opportunity StageName equals “Closed Won”", TargetStatus: "approved", Outcome: matching.EntryReview, Reason: matching.ReasonAmbiguous,
		Candidates: []matching.Candidate{
			{ReferralID: ann.ID, Score: 0.71, Verdict: "a possible match: check the fields", Fields: []matching.FieldScore{{Field: "email", Similarity: 1, Contribution: 0.5, Reason: "same email after normalising"}}},
			{ReferralID: bob.ID, Score: 0.66, Fields: []matching.FieldScore{{Field: "last_name", Similarity: 0.8, Contribution: 0.2, Reason: "one letter apart"}}},
		}})
	return ann, bob, entry
}

// addEntry stores an entry as the receiver would, with a "received" event.
func (a *testApp) addEntry(e *matching.Entry) *matching.Entry {
	a.t.Helper()
	err := a.DB.InTx(context.Background(), func(ctx context.Context) error {
		return a.DB.InsertEntryRx(ctx, e, matching.EntryEvent{Actor: "sync", Action: "received", Outcome: e.Outcome, Reason: e.Reason})
	})
	if err != nil {
		a.t.Fatal(err)
	}
	return e
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func init() { bcryptCost = bcrypt.MinCost } // fast hashes in tests; the login path is the same

func mustInt(s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		panic(err)
	}
	return n
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}
