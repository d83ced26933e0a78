package api

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/push"
	"github.com/refsync/refsync/connector/salesforce"
	"github.com/refsync/refsync/store"
)

// compositeSF adds push.MultiQuerier to the client by POSTing /composite to the
// emulator itself: a stand-in until connector/salesforce offers QueryMulti.
type compositeSF struct {
	*salesforce.Client
	base, token string
}

func withComposite(t testing.TB, o *org) *compositeSF {
	t.Helper()
	opts := o.srv.Options()
	resp, err := http.PostForm(o.url+"/services/oauth2/token", url.Values{"grant_type": {"client_credentials"},
		"client_id": {opts.ClientID}, "client_secret": {opts.ClientSecret}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
		InstanceURL string `json:"instance_url"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		t.Fatalf("token: %v %+v", err, tok)
	}
	return &compositeSF{Client: o.sf, base: tok.InstanceURL, token: tok.AccessToken}
}

var _ push.MultiQuerier = (*compositeSF)(nil)

func (c *compositeSF) QueryMulti(ctx context.Context, soqls []string) ([]salesforce.Page, error) {
	var in struct {
		CompositeRequest []map[string]string `json:"compositeRequest"`
	}
	for i, q := range soqls {
		in.CompositeRequest = append(in.CompositeRequest, map[string]string{"method": "GET",
			"url": "/services/data/v62.0/query?q=" + url.QueryEscape(q), "referenceId": fmt.Sprint("q", i)})
	}
	body, _ := json.Marshal(in)
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/services/data/v62.0/composite", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out struct {
		CompositeResponse []struct {
			Body struct {
				Done    bool                `json:"done"`
				Records []salesforce.Record `json:"records"`
			} `json:"body"`
			HTTPStatusCode int `json:"httpStatusCode"`
		} `json:"compositeResponse"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != 200 {
		return nil, fmt.Errorf("composite: HTTP %d: %v", resp.StatusCode, err)
	}
	pages := make([]salesforce.Page, len(out.CompositeResponse))
	for i, r := range out.CompositeResponse {
		if r.HTTPStatusCode != 200 {
			return nil, fmt.Errorf("composite query %d: HTTP %d", i, r.HTTPStatusCode)
		}
		pages[i] = salesforce.Page{Done: r.Body.Done, Records: r.Body.Records}
	}
	return pages, nil
}

// pushMany stores n referrals with push jobs and pushes them all, returning the API calls used.
func pushMany(t testing.TB, n int, option string, composite bool) int {
	ctx := context.Background()
	db, o := openDB(t), newOrg(t)
	rows := make([]*store.Referral, n)
	for i := range rows {
		rows[i] = &store.Referral{FirstName: "Imported", LastName: fmt.Sprintf("Person%05d", i), Email: fmt.Sprintf("person%05d@example.com", i)}
	}
	_, err := db.ImportReferrals(ctx, rows, "import", func(tx *sql.Tx, r *store.Referral) error {
		return db.EnqueueJobTx(ctx, tx, store.JobSFPush, r.ID)
	})
	if err != nil {
		t.Fatal(err)
	}
	rules := config.DefaultPushRules()
	rules.OnExistingEmail = option
	var sf push.Salesforce = o.sf
	if composite {
		sf = withComposite(t, o)
	}
	w := newWorker(db, sf, rules)
	if err := o.sf.Connect(ctx); err != nil {
		t.Fatal(err)
	}
	o.srv.ResetUsage()
	for {
		k, err := w.RunOnce(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if k == 0 {
			break
		}
	}
	if got := len(o.srv.Records("Lead")); got != n {
		t.Fatalf("%d Leads, want %d", got, n)
	}
	return o.srv.APICalls()
}

func TestPushBulkImportAPICalls(t *testing.T) {
	const n = 600
	creates := (n + salesforce.MaxCollection - 1) / salesforce.MaxCollection
	for _, tc := range []struct {
		option    string
		composite bool
		max       int
	}{
		{config.OnExistingCreate, true, creates + 1},
		{config.OnExistingLink, true, creates + 1},
		{config.OnExistingLink, false, creates + 4}, // one lookup query per ~400 emails under the 16 KB URI limit
	} {
		got := pushMany(t, n, tc.option, tc.composite)
		if got > tc.max {
			t.Errorf("%s (composite %v): pushing %d referrals took %d API calls, want ≤ %d", tc.option, tc.composite, n, got, tc.max)
		}
		t.Logf("%s (composite lookups %v): %d referrals, %d API calls", tc.option, tc.composite, n, got)
	}
}

// BenchmarkPush10000 reports the Salesforce API calls of pushing a 10,000-referral import.
func BenchmarkPush10000(b *testing.B) {
	for _, composite := range []bool{true, false} {
		b.Run(fmt.Sprintf("composite-lookups=%v", composite), func(b *testing.B) {
			calls := 0
			for range b.N {
				calls = pushMany(b, 10000, config.OnExistingLink, composite)
			}
			b.ReportMetric(float64(calls), "api-calls/10k")
		})
	}
}
