package main

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/push"
	"github.com/refsync/refsync/connector/salesforce"
	"github.com/refsync/refsync/store"
)

// plainSF hides the client's QueryMulti, to measure lookups by plain GET queries.
type plainSF struct{ push.Salesforce }

var _ push.MultiQuerier = (*salesforce.Client)(nil)

// pushMany stores n referrals with push jobs and pushes them all, returning the API calls used.
func pushMany(t testing.TB, n int, option string, composite bool) int {
	ctx := context.Background()
	db, o := openDB(t), newOrg(t)
	rows := make([]*store.Referral, n)
	for i := range rows {
		rows[i] = &store.Referral{FirstName: "Imported", LastName: fmt.Sprintf("Person%05d", i), Email: fmt.Sprintf("person%05d@example.com", i)}
	}
	_, err := db.ImportReferrals(ctx, rows, "import", func(ctx context.Context, tx *sql.Tx, r *store.Referral) error {
		return db.EnqueueJobTx(ctx, tx, store.JobSFPush, r.ID)
	})
	if err != nil {
		t.Fatal(err)
	}
	rules := config.DefaultPushRules()
	rules.OnExistingEmail = option
	var sf push.Salesforce = o.sf
	if !composite {
		sf = plainSF{o.sf}
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
