package salesforce_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/refsync/refsync/connector/salesforce"
	"github.com/refsync/refsync/connector/sfemu"
)

// emuOrg is the real emulator behind an httptest server, with a transport that counts requests
// and can run a hook on every answer.
type emuOrg struct {
	srv      *sfemu.Server
	url      string
	requests atomic.Int64
	onAnswer atomic.Pointer[func(*http.Response)]
}

func newEmu(t *testing.T, opts sfemu.Options) *emuOrg {
	t.Helper()
	if opts.Seed == 0 {
		opts.Seed = 7
	}
	srv, err := sfemu.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return &emuOrg{srv: srv, url: startEmu(t, srv)}
}

// startEmu serves srv on a loopback port until the test ends and returns its URL.
func startEmu(t testing.TB, srv *sfemu.Server) string {
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return hs.URL
}

// RoundTrip counts the request and runs the hook.
func (e *emuOrg) RoundTrip(r *http.Request) (*http.Response, error) {
	e.requests.Add(1)
	resp, err := http.DefaultTransport.RoundTrip(r)
	if h := e.onAnswer.Load(); err == nil && h != nil {
		(*h)(resp)
	}
	return resp, err
}

func (e *emuOrg) config(mode salesforce.AuthMode) salesforce.Config {
	o := e.srv.Options()
	return salesforce.Config{
		LoginURL: e.url, Auth: mode, ClientID: o.ClientID, ClientSecret: o.ClientSecret,
		Username: o.Username, Password: o.Password, SecurityToken: o.SecurityToken,
		Attempts: 4, BackoffBase: time.Millisecond, BackoffMax: 4 * time.Millisecond,
		Timeout: 10 * time.Second, Transport: e,
	}
}

// refreshToken obtains a refresh token the way an admin's authorization would.
func (e *emuOrg) refreshToken(t *testing.T) string {
	t.Helper()
	o := e.srv.Options()
	resp, err := http.PostForm(e.url+"/services/oauth2/token", url.Values{"grant_type": {"password"},
		"client_id": {o.ClientID}, "client_secret": {o.ClientSecret}, "username": {o.Username}, "password": {o.Password + o.SecurityToken}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		RefreshToken string `json:"refresh_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.RefreshToken == "" {
		t.Fatalf("password grant: %v %+v", err, tok)
	}
	return tok.RefreshToken
}

func (e *emuOrg) client(t *testing.T, cfg salesforce.Config) *salesforce.Client {
	t.Helper()
	c, err := salesforce.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// countLeads queries every Lead and returns how many records and pages arrived.
func countLeads(ctx context.Context, c *salesforce.Client) (records, pages int, err error) {
	err = c.Query(ctx, "SELECT Id, LastName FROM Lead", func(p salesforce.Page) error {
		records += len(p.Records)
		pages++
		return nil
	})
	return records, pages, err
}

func TestEmulatorLoginAndPaging(t *testing.T) {
	for _, mode := range []salesforce.AuthMode{salesforce.AuthClientCredentials, salesforce.AuthRefreshToken, salesforce.AuthPassword} {
		t.Run(string(mode), func(t *testing.T) {
			e := newEmu(t, sfemu.Options{PageSize: 25, SecurityToken: "Xk9TOKEN"})
			cfg := e.config(mode)
			if mode == salesforce.AuthRefreshToken {
				cfg.RefreshToken = e.refreshToken(t)
			}
			c := e.client(t, cfg)
			if err := c.Connect(t.Context()); err != nil {
				t.Fatal(err)
			}
			n, pages, err := countLeads(t.Context(), c)
			want := len(e.srv.Records("Lead"))
			if err != nil || n != want || pages != (want+24)/25 || pages < 2 {
				t.Fatalf("got %d records in %d pages (%v), want %d", n, pages, err, want)
			}
			if s := c.State(); s.Status != salesforce.StatusConnected || s.Usage.Used != e.srv.APICalls() {
				t.Errorf("state %+v, emulator counted %d calls", s, e.srv.APICalls())
			}
		})
	}
}

func TestEmulatorReauthAfter401(t *testing.T) {
	e := newEmu(t, sfemu.Options{})
	c := e.client(t, e.config(salesforce.AuthClientCredentials))
	if err := c.Connect(t.Context()); err != nil {
		t.Fatal(err)
	}
	before := e.requests.Load()
	e.srv.FailNext401(1)
	if _, err := c.Describe(t.Context(), "Lead"); err != nil {
		t.Fatal(err)
	}
	if got := e.requests.Load() - before; got != 3 {
		t.Errorf("requests = %d, want 3 (401, token, retry)", got)
	}
}

func TestEmulatorRevokedThenReconnect(t *testing.T) {
	e := newEmu(t, sfemu.Options{})
	cfg := e.config(salesforce.AuthRefreshToken)
	cfg.RefreshToken = e.refreshToken(t)
	c := e.client(t, cfg)
	if err := c.Connect(t.Context()); err != nil {
		t.Fatal(err)
	}
	e.srv.RevokeTokens()
	before := e.requests.Load()
	_, _, err := countLeads(t.Context(), c)
	if !errors.Is(err, salesforce.ErrUnauthorized) || c.State().Status != salesforce.StatusUnauthorized {
		t.Fatalf("err %v, state %v", err, c.State().Status)
	}
	if !strings.Contains(c.State().LastError, "invalid_grant") || !strings.Contains(c.State().LastError, "reconnect") {
		t.Errorf("message: %s", c.State().LastError)
	}
	for range 5 {
		_, _, _ = countLeads(t.Context(), c)
	}
	if got := e.requests.Load() - before; got != 2 {
		t.Errorf("requests after revoke = %d, want 2 (the 401 and one refresh): no retry loop", got)
	}
	cfg.RefreshToken = e.refreshToken(t)
	if err := c.SetConfig(t.Context(), cfg); err != nil {
		t.Fatal(err)
	}
	if err := c.Reconnect(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, _, err := countLeads(t.Context(), c); err != nil || c.State().Status != salesforce.StatusConnected {
		t.Fatalf("after reconnect: %v, %v", err, c.State().Status)
	}
}

func TestEmulator503Storm(t *testing.T) {
	tests := []struct {
		fails   int
		wantErr error
		state   salesforce.Status
	}{{3, nil, salesforce.StatusConnected}, {50, salesforce.ErrUnavailable, salesforce.StatusError}}
	for _, tt := range tests {
		e := newEmu(t, sfemu.Options{})
		c := e.client(t, e.config(salesforce.AuthClientCredentials))
		if err := c.Connect(t.Context()); err != nil {
			t.Fatal(err)
		}
		e.srv.FailNext503(tt.fails)
		_, err := c.Describe(t.Context(), "Opportunity")
		if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) || c.State().Status != tt.state {
			t.Fatalf("%d×503: err %v, state %v", tt.fails, err, c.State().Status)
		}
		e.srv.FailNext503(0)
		if _, err := c.Describe(t.Context(), "Opportunity"); err != nil || c.State().Status != salesforce.StatusConnected {
			t.Fatalf("no recovery after %d×503: %v", tt.fails, err)
		}
	}
}

func TestEmulatorLimitBackoffAndRecovery(t *testing.T) {
	e := newEmu(t, sfemu.Options{})
	cfg := e.config(salesforce.AuthClientCredentials)
	cfg.DailyFraction, cfg.Recheck = 1, time.Nanosecond // let calls reach Salesforce's own limit
	c := e.client(t, cfg)
	if err := c.Connect(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Describe(t.Context(), "Lead"); err != nil {
		t.Fatal(err)
	}
	e.srv.SetDailyLimit(1)
	_, err := c.Describe(t.Context(), "Lead")
	if !errors.Is(err, salesforce.ErrLimited) || c.State().Status != salesforce.StatusLimited {
		t.Fatalf("err %v, state %v", err, c.State().Status)
	}
	var seen atomic.Int64
	hook := func(r *http.Response) {
		if r.StatusCode == http.StatusForbidden && seen.Add(1) == 2 {
			e.srv.ResetUsage() // the window rolls over while the client backs off
		}
	}
	e.onAnswer.Store(&hook)
	if _, err := c.Describe(t.Context(), "Lead"); err != nil || c.State().Status != salesforce.StatusConnected {
		t.Fatalf("no recovery within the backoff: %v, %v", err, c.State().Status)
	}
	if seen.Load() != 2 {
		t.Errorf("403 answers during recovery = %d, want 2", seen.Load())
	}
}

func TestEmulatorBudgetRefusal(t *testing.T) {
	e := newEmu(t, sfemu.Options{DailyLimit: 40})
	c := e.client(t, e.config(salesforce.AuthClientCredentials))
	ctx, run := c.BeginRun(t.Context())
	var err error
	for range 20 {
		if _, err = c.Describe(ctx, "Lead"); err != nil {
			break
		}
	}
	run.End()
	if !errors.Is(err, salesforce.ErrLimited) || run.Calls() != 10 || e.srv.APICalls() != 10 {
		t.Fatalf("run: err %v after %d run calls, emulator %d; want refusal at 10 (25 %% of 40)", err, run.Calls(), e.srv.APICalls())
	}
	for range 40 {
		if _, err = c.Describe(t.Context(), "Lead"); err != nil {
			break
		}
	}
	if !errors.Is(err, salesforce.ErrLimited) || e.srv.APICalls() != 32 {
		t.Fatalf("daily: err %v, emulator counted %d; want refusal at 32 (80 %% of 40)", err, e.srv.APICalls())
	}
	if msg := c.State().LastError; !strings.Contains(msg, "32/40") || c.State().Status != salesforce.StatusLimited {
		t.Errorf("state: %v %q", c.State().Status, msg)
	}
}

func TestEmulatorWritesDescribeLimits(t *testing.T) {
	e := newEmu(t, sfemu.Options{})
	c := e.client(t, e.config(salesforce.AuthPassword))
	ctx := t.Context()
	id, err := c.Create(ctx, "Lead", map[string]any{"LastName": "Okafor", "Company": "Acme", "Referral_ID__c": "R-1"})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Update(ctx, "Lead", id, map[string]any{"Status": "Working - Contacted"}); err != nil {
		t.Fatal(err)
	}
	if got := e.srv.Get("Lead", id); got["Status"] != "Working - Contacted" || got["Referral_ID__c"] != "R-1" {
		t.Fatalf("emulator holds %v", got)
	}
	rec, err := c.Get(ctx, "Lead", id, "LastName", "Status")
	if err != nil || rec["LastName"] != "Okafor" {
		t.Fatalf("get = %v, %v", rec, err)
	}
	up, err := c.Upsert(ctx, "Lead", "Referral_ID__c", "R-1", map[string]any{"Company": "Acme Inc"})
	if err != nil || up.Created || up.ID != id {
		t.Fatalf("upsert existing = %+v, %v", up, err)
	}
	if _, err := c.Get(ctx, "Lead", id[:14]+"Z"); !errors.Is(err, salesforce.ErrNotFound) {
		t.Errorf("missing record: %v", err)
	}
	res, err := c.CreateMany(ctx, "Lead", []map[string]any{{"LastName": "A", "Company": "X"}, {"Company": "no last name"}}, false)
	if err != nil || len(res) != 2 || res[0].Err() != nil || res[1].Err() == nil {
		t.Fatalf("create many = %+v, %v", res, err)
	}
	d, err := c.Describe(ctx, "Lead")
	if f, ok := d.Field("Referral_ID__c"); err != nil || !ok || !f.ExternalID {
		t.Errorf("describe Referral_ID__c = %+v %v %v", f, ok, err)
	}
	l, err := c.Limits(ctx)
	if daily := l.DailyAPIRequests(); err != nil || daily.Max != e.srv.Options().DailyLimit || c.Usage().Used != daily.Max-daily.Remaining {
		t.Errorf("limits %+v, usage %+v, %v", daily, c.Usage(), err)
	}
	if v, err := c.Versions(ctx); err != nil || len(v) == 0 || v[len(v)-1].Version != c.APIVersion() {
		t.Errorf("versions = %+v, %v", v, err)
	}
}
