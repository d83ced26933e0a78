package salesforce

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

func connected(t *testing.T, f *fakeOrg) *Client {
	t.Helper()
	c := f.client(AuthClientCredentials)
	if err := c.Connect(t.Context()); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestQueryPagesAndQueryAll(t *testing.T) {
	f := newFakeOrg(t)
	pagedRoutes(f)
	c := connected(t, f)
	var pages []Page
	err := c.Query(t.Context(), "SELECT Text_Label FROM Whizbang WHERE Name = 'a&b'", func(p Page) error {
		pages = append(pages, p)
		return nil
	})
	if err != nil || len(pages) != 2 || pages[0].Done || !pages[1].Done || pages[0].TotalSize != 2 {
		t.Fatalf("pages = %+v, %v", pages, err)
	}
	rec := pages[0].Records[0]
	if _, ok := rec["__client__"]; ok || rec.Type() != "Whizbang" {
		t.Errorf("record = %v", rec)
	}
	if f.queries[0] != "SELECT Text_Label FROM Whizbang WHERE Name = 'a&b'" {
		t.Errorf("q sent = %q", f.queries[0])
	}
	var all []Page
	if err := c.QueryAll(t.Context(), "SELECT Id FROM Lead", func(p Page) error { all = append(all, p); return nil }); err != nil || len(all) != 1 {
		t.Fatalf("queryAll = %v, %v", all, err)
	}
	stop := errors.New("enough")
	err = c.Query(t.Context(), "SELECT Text_Label FROM Whizbang", func(Page) error { return stop })
	if !errors.Is(err, stop) {
		t.Errorf("callback error = %v", err)
	}
	if _, rest, _ := f.counts(); rest != 4 {
		t.Errorf("REST calls = %d, want 4 (a stopped query fetches no further page)", rest)
	}
}

func TestQueryChildSubqueryNull(t *testing.T) {
	f := newFakeOrg(t)
	f.route("GET /services/data/v62.0/query", answer{file: "query_response_subquery_null.json"})
	c := connected(t, f)
	var nulls, children int
	err := c.Query(t.Context(), "SELECT FirstName, (SELECT Name FROM Opportunities) FROM Contact", func(p Page) error {
		for _, r := range p.Records {
			switch v := r["Opportunities"].(type) {
			case nil:
				nulls++
			case map[string]any:
				if recs, _ := v["records"].([]any); len(recs) == 0 {
					return fmt.Errorf("child result without records: %v", v)
				}
				children++
			default:
				return fmt.Errorf("Opportunities is %T", v)
			}
		}
		return nil
	})
	if err != nil || nulls+children != 17 || nulls == 0 || children == 0 {
		t.Fatalf("nulls %d, children %d, err = %v", nulls, children, err)
	}
}

func TestErrorAnswers(t *testing.T) {
	tests := []struct {
		file     string
		status   int
		code     string
		fields   string
		sentinel error
	}{
		{"error_malformed_query_400.json", 400, "MALFORMED_QUERY", "", nil},
		{"error_invalid_field_400_restforce.json", 400, "INVALID_FIELD", "", nil},
		{"error_malformed_id_400.json", 400, "MALFORMED_ID", "Id", nil},
		{"error_not_found_404.json", 404, "NOT_FOUND", "", ErrNotFound},
		{"", 400, "DUPLICATES_DETECTED", "", ErrDuplicate},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			f := newFakeOrg(t)
			a := answer{status: tt.status, file: tt.file}
			if tt.file == "" {
				a.body = `[{"errorCode":"DUPLICATES_DETECTED","message":"Use one of these records?","fields":[]}]`
			}
			f.route("POST /services/data/v62.0/sobjects/Lead", a)
			c := connected(t, f)
			_, err := c.Create(t.Context(), "Lead", map[string]any{"LastName": "Ng"})
			var ae *APIError
			if !errors.As(err, &ae) || ae.StatusCode != tt.status || ae.Code != tt.code || strings.Join(ae.Fields, ",") != tt.fields || ae.Message == "" {
				t.Fatalf("err = %#v", err)
			}
			if tt.sentinel != nil && !errors.Is(err, tt.sentinel) {
				t.Errorf("errors.Is(%v) false", tt.sentinel)
			}
			if _, rest, _ := f.counts(); rest != 1 || c.State().Status != StatusConnected {
				t.Errorf("a request error must not be retried nor change the connection: %d calls, %v", rest, c.State().Status)
			}
		})
	}
}

func TestDescribeLead(t *testing.T) {
	f := newFakeOrg(t)
	f.route("GET /services/data/v62.0/sobjects/Lead/describe", answer{file: "sobject_lead_describe.json"})
	c := connected(t, f)
	d, err := c.Describe(t.Context(), "Lead")
	if err != nil {
		t.Fatal(err)
	}
	email, ok := d.Field("email")
	if d.Name != "Lead" || len(d.Fields) != 54 || !ok || email.Type != "email" || email.Label != "Email" {
		t.Fatalf("describe = %s, %d fields, email %+v %v", d.Name, len(d.Fields), email, ok)
	}
	if _, ok := d.Field("Emial"); ok {
		t.Error("a misspelt field was found")
	}
}

func TestLimitsAndVersions(t *testing.T) {
	for _, file := range []string{"limits_response_docs_v66.json", "limits_response_capture.json"} {
		f := newFakeOrg(t)
		f.route("GET /services/data/v62.0/limits", answer{file: file})
		f.route("GET /services/data", answer{file: "versions_restforce.json"})
		c := connected(t, f)
		l, err := c.Limits(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		d := l.DailyAPIRequests()
		if u := c.State().Usage; d.Max == 0 || u.Max != d.Max || u.Used != d.Max-d.Remaining {
			t.Errorf("%s: daily %+v, usage %+v", file, d, u)
		}
		v, err := c.Versions(t.Context())
		if err != nil || len(v) != 2 || v[0].Version != "20.0" || v[1].URL != "/services/data/v100" {
			t.Errorf("versions = %+v, %v", v, err)
		}
	}
}

func TestConcurrentCallsShareOneSession(t *testing.T) {
	f := newFakeOrg(t)
	pagedRoutes(f)
	f.route("GET /services/data/v62.0/sobjects/Lead/describe", answer{file: "sobject_lead_describe.json"})
	c := f.client(AuthRefreshToken)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 16 {
		wg.Go(func() {
			if i%5 == 0 {
				f.expireSession()
			}
			if i%2 == 0 {
				_, err := queryOnce(t.Context(), c)
				errs <- err
				return
			}
			_, err := c.Describe(t.Context(), "Lead")
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if _, _, issued := f.counts(); issued > 5 {
		t.Errorf("%d sessions issued for 4 expiries", issued)
	}
}

func TestContextCancelStopsBackoff(t *testing.T) {
	f := newFakeOrg(t)
	c := connected(t, f)
	f.failNext(answer{status: 503}, 100)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := c.Describe(ctx, "Lead"); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}

func TestTimeoutsRetryOnlyIdempotentCalls(t *testing.T) {
	slow := answer{body: "{}", delay: 600 * time.Millisecond} // far beyond the timeout, so a loaded machine cannot blur the two
	tests := []struct {
		name string
		call func(*Client) error
		want int // requests sent
	}{
		{"describe is retried", func(c *Client) error { _, err := c.Describe(t.Context(), "Lead"); return err }, 4},
		{"create is not", func(c *Client) error {
			_, err := c.Create(t.Context(), "Lead", map[string]any{"LastName": "x"})
			return err
		}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeOrg(t)
			f.route("GET /services/data/v62.0/sobjects/Lead/describe", slow)
			f.route("POST /services/data/v62.0/sobjects/Lead", slow)
			cfg := f.config(AuthClientCredentials)
			cfg.Timeout = 150 * time.Millisecond
			c, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			err = tt.call(c)
			if !errors.Is(err, ErrUnavailable) || c.State().Status != StatusError {
				t.Fatalf("err = %v, state %v", err, c.State().Status)
			}
			if _, rest, _ := f.counts(); rest != tt.want {
				t.Errorf("requests = %d, want %d", rest, tt.want)
			}
		})
	}
}

func TestConfigPrintsNoSecrets(t *testing.T) {
	cfg := newFakeOrg(t).config(AuthPassword)
	for _, s := range []string{fmt.Sprint(cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg)} {
		for _, secret := range []string{cfg.ClientSecret, cfg.Password, cfg.SecurityToken, cfg.RefreshToken} {
			if strings.Contains(s, secret) {
				t.Errorf("%q shows %q", s, secret)
			}
		}
		if !strings.Contains(s, cfg.Username) {
			t.Errorf("%q lacks the username", s)
		}
	}
}

// TestQueryAnswerNotJSON: a query answered 200 with something that is not
// Salesforce's JSON (a proxy's page, a record that is no object) is an error
// that says so, never a panic or an empty page.
func TestQueryAnswerNotJSON(t *testing.T) {
	for body, want := range map[string]string{
		"<html><body>Service Unavailable</body></html>":    "not Salesforce's JSON",
		`{"totalSize":1,"done":true,"records":[1]}`:        "record 1 is float64, not an object",
		`{"totalSize":1,"done":true,"records":[{"Id":"00Q`: "not Salesforce's JSON",
	} {
		f := newFakeOrg(t)
		f.route("GET /services/data/v62.0/query", answer{body: body})
		c := connected(t, f)
		err := c.Query(t.Context(), "SELECT Id FROM Lead", func(Page) error { return nil })
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("answer %q: err = %v, want %q", body, err, want)
		}
	}
}

// TestQueryPagesKeepTheirRecords: every page's answer is read into the same
// memory; a page's records (kept by the caller) must not change when the next
// page is read.
func TestQueryPagesKeepTheirRecords(t *testing.T) {
	f := newFakeOrg(t)
	pagedRoutes(f)
	c := connected(t, f)
	var pages []Page
	var first string
	err := c.Query(t.Context(), "SELECT Text_Label FROM Whizbang", func(p Page) error {
		if len(pages) == 0 {
			first = fmt.Sprint(p.Records)
		}
		pages = append(pages, p)
		return nil
	})
	if err != nil || len(pages) != 2 {
		t.Fatalf("pages = %d, %v", len(pages), err)
	}
	if got := fmt.Sprint(pages[0].Records); got != first {
		t.Errorf("first page's records after the second was read:\n%s\nwere\n%s", got, first)
	}
}
