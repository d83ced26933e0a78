package salesforce

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
)

// queryOnce runs a query against the fake's paged Whizbang route and returns the labels seen.
func queryOnce(ctx context.Context, c *Client) ([]string, error) {
	var labels []string
	err := c.Query(ctx, "SELECT Text_Label FROM Whizbang", func(p Page) error {
		for _, r := range p.Records {
			labels = append(labels, r["Text_Label"].(string))
		}
		return nil
	})
	return labels, err
}

func pagedRoutes(f *fakeOrg) {
	f.route("GET /services/data/v62.0/query", answer{file: "query_paginated_first_page_restforce.json"})
	f.route("GET /services/data/v62.0/queryAll", answer{file: "query_more_last_page_restforce.json"})
	f.route("GET /services/data/v26.0/query/01gD", answer{file: "query_more_last_page_restforce.json"})
}

func TestLoginModes(t *testing.T) {
	tests := []struct {
		mode  AuthMode
		check func(t *testing.T, f *fakeOrg)
	}{
		{AuthClientCredentials, func(t *testing.T, f *fakeOrg) {
			if g := f.lastForm.Get("grant_type"); g != "client_credentials" || f.lastForm.Get("client_secret") != "secret" {
				t.Errorf("token form = %v", f.lastForm)
			}
		}},
		{AuthRefreshToken, func(t *testing.T, f *fakeOrg) {
			if f.lastForm.Get("grant_type") != "refresh_token" || f.lastForm.Get("refresh_token") != "rt-1" || f.lastForm.Get("client_id") != "cid" {
				t.Errorf("token form = %v", f.lastForm)
			}
		}},
		{AuthPassword, func(t *testing.T, f *fakeOrg) {
			if !strings.Contains(f.lastSOAP, "<n1:password>pa&lt;ssTOK123</n1:password>") || !strings.Contains(f.lastSOAP, "ops@example.com") {
				t.Errorf("SOAP login body lacks password+token: %s", f.lastSOAP)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(string(tt.mode), func(t *testing.T) {
			f := newFakeOrg(t)
			pagedRoutes(f)
			c := f.client(tt.mode)
			if err := c.Connect(t.Context()); err != nil {
				t.Fatalf("connect: %v", err)
			}
			tt.check(t, f)
			labels, err := queryOnce(t.Context(), c)
			if err != nil || strings.Join(labels, ",") != "First Page,Last Page" {
				t.Fatalf("query after login = %v, %v", labels, err)
			}
			if s := c.State(); s.Status != StatusConnected || s.LastConnected.IsZero() || s.LastError != "" {
				t.Errorf("state = %+v", s)
			}
		})
	}
}

func TestLoginRefusedIsUnauthorizedUntilReconnect(t *testing.T) {
	tests := []struct {
		mode   AuthMode
		status int
		file   string
		want   []string
	}{
		{AuthRefreshToken, 400, "oauth_token_refresh_error_restforce.json", []string{"refresh token", "invalid_grant", "REFSYNC_SF_REFRESH_TOKEN", "Settings → Connection"}},
		{AuthClientCredentials, 400, "oauth_token_password_error_restforce.json", []string{"client credentials", "REFSYNC_SF_CLIENT_SECRET"}},
		{AuthPassword, 500, "soap_login_fault_invalid_login.xml", []string{"INVALID_LOGIN", "REFSYNC_SF_SECURITY_TOKEN"}},
	}
	for _, tt := range tests {
		t.Run(string(tt.mode), func(t *testing.T) {
			f := newFakeOrg(t)
			pagedRoutes(f)
			f.refuseLogins(tt.status, tt.file)
			var mu sync.Mutex
			var seen []Status
			cfg := f.config(tt.mode)
			cfg.OnStateChange = func(s State) { mu.Lock(); seen = append(seen, s.Status); mu.Unlock() }
			c, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			_, err = queryOnce(t.Context(), c)
			if !errors.Is(err, ErrUnauthorized) {
				t.Fatalf("err = %v, want ErrUnauthorized", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(c.State().LastError, w) {
					t.Errorf("message %q lacks %q", c.State().LastError, w)
				}
			}
			calls, _, _ := f.counts()
			if _, err := queryOnce(t.Context(), c); !errors.Is(err, ErrUnauthorized) {
				t.Fatalf("second call err = %v", err)
			}
			if again, _, _ := f.counts(); again != calls || calls != 1 {
				t.Fatalf("calls: %d then %d; want 1 login attempt and nothing while unauthorized", calls, again)
			}
			f.refuseLogins(0, "")
			if err := c.Reconnect(t.Context()); err != nil {
				t.Fatalf("reconnect: %v", err)
			}
			if _, err := queryOnce(t.Context(), c); err != nil {
				t.Fatalf("query after reconnect: %v", err)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(seen) != 2 || seen[0] != StatusUnauthorized || seen[1] != StatusConnected {
				t.Errorf("state changes = %v, want [unauthorized connected]", seen)
			}
		})
	}
}

func TestReauthenticatesOnceOn401(t *testing.T) {
	f := newFakeOrg(t)
	pagedRoutes(f)
	c := f.client(AuthRefreshToken)
	if err := c.Connect(t.Context()); err != nil {
		t.Fatal(err)
	}
	f.expireSession()
	if _, err := queryOnce(t.Context(), c); err != nil {
		t.Fatalf("query after expiry: %v", err)
	}
	if _, rest, issued := f.counts(); issued != 2 || rest != 3 {
		t.Errorf("sessions issued %d, REST calls %d; want 2 and 3 (401, retry, page 2)", issued, rest)
	}
}

func TestRevokedGrantStopsWithoutLoop(t *testing.T) {
	f := newFakeOrg(t)
	pagedRoutes(f)
	c := f.client(AuthRefreshToken)
	if err := c.Connect(t.Context()); err != nil {
		t.Fatal(err)
	}
	f.expireSession()
	f.refuseLogins(400, "oauth_token_refresh_error_restforce.json")
	before, _, _ := f.counts()
	_, err := queryOnce(t.Context(), c)
	if !errors.Is(err, ErrUnauthorized) || c.State().Status != StatusUnauthorized {
		t.Fatalf("err = %v, state %v", err, c.State().Status)
	}
	after, _, _ := f.counts()
	if after-before != 2 {
		t.Errorf("calls after revoke = %d, want 2 (the 401 and one token request)", after-before)
	}
	for range 3 {
		_, _ = queryOnce(t.Context(), c)
	}
	if again, _, _ := f.counts(); again != after {
		t.Errorf("unauthorized client still called Salesforce: %d → %d", after, again)
	}
	f.refuseLogins(0, "")
	if err := c.Reconnect(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := queryOnce(t.Context(), c); err != nil || c.State().Status != StatusConnected {
		t.Fatalf("after reconnect: %v, %v", err, c.State().Status)
	}
}

func TestBackoffOn503AndLimit(t *testing.T) {
	unavailable := answer{status: 503, body: `[{"message":"Service Unavailable","errorCode":"SERVER_UNAVAILABLE"}]`}
	limited := answer{status: 403, file: "error_request_limit_exceeded_403.json"}
	tests := []struct {
		name      string
		fail      answer
		n         int
		wantErr   error
		wantState Status
		wantRest  int
	}{
		{"503 twice then ok", unavailable, 2, nil, StatusConnected, 3},
		{"503 storm", unavailable, 10, ErrUnavailable, StatusError, 4},
		{"limit once then ok", limited, 1, nil, StatusConnected, 2},
		{"limit persists", limited, 10, ErrLimited, StatusLimited, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeOrg(t)
			f.route("GET /services/data/v62.0/limits", answer{file: "limits_response_docs_v66.json"})
			f.route("GET /services/data/v62.0/sobjects/Lead/describe", answer{file: "sobject_lead_describe.json"})
			c := f.client(AuthClientCredentials)
			if err := c.Connect(t.Context()); err != nil {
				t.Fatal(err)
			}
			f.failNext(tt.fail, tt.n)
			_, err := c.Describe(t.Context(), "Lead")
			if tt.wantErr == nil && err != nil {
				t.Fatalf("err = %v", err)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if _, rest, _ := f.counts(); rest != tt.wantRest {
				t.Errorf("REST calls = %d, want %d", rest, tt.wantRest)
			}
			if s := c.State(); s.Status != tt.wantState {
				t.Errorf("state = %v (%s), want %v", s.Status, s.LastError, tt.wantState)
			}
			f.mu.Lock()
			f.fails = nil
			f.mu.Unlock()
			if _, err := c.Limits(t.Context()); err != nil || c.State().Status != StatusConnected {
				t.Errorf("no recovery: %v, %v", err, c.State().Status)
			}
		})
	}
}

func TestBudgetRefusesBeforeCalling(t *testing.T) {
	tests := []struct {
		name      string
		limitInfo string
		inRun     int // calls made inside a run before the checked one
		wantRef   bool
		want      string
	}{
		{"under both caps", "api-usage=100/1000", 3, false, ""},
		{"daily cap reached", "api-usage=12000/15000", 0, true, "12000/15000"},
		{"run share spent", "api-usage=10/20", 5, true, "for this run"},
		{"per-app entry ignored", "api-usage=10/1000, per-app-api-usage=900/1000(appName=refsync)", 0, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeOrg(t)
			f.limitInfo = tt.limitInfo
			f.route("GET /services/data/v62.0/sobjects/Lead/describe", answer{file: "sobject_lead_describe.json"})
			f.route("GET /services/data/v62.0/limits", answer{file: "limits_response_docs_v66.json"})
			c := f.client(AuthClientCredentials)
			ctx, run := c.BeginRun(t.Context())
			defer run.End()
			if _, err := c.Describe(ctx, "Lead"); err != nil && tt.inRun > 0 {
				t.Fatal(err)
			}
			for i := 1; i < tt.inRun; i++ {
				_, _ = c.Describe(ctx, "Lead")
			}
			_, before, _ := f.counts()
			_, err := c.Describe(ctx, "Lead")
			_, after, _ := f.counts()
			if got := errors.Is(err, ErrLimited); got != tt.wantRef {
				t.Fatalf("refused = %v (%v), want %v", got, err, tt.wantRef)
			}
			if tt.wantRef && (after != before || c.State().Status != StatusLimited || !strings.Contains(c.State().LastError, tt.want)) {
				t.Errorf("calls %d→%d, state %+v", before, after, c.State())
			}
			if _, err := c.Limits(ctx); err != nil {
				t.Errorf("limits must not be refused: %v", err)
			}
		})
	}
}
