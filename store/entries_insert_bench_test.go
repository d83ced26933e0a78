package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/refsync/refsync/matching"
)

// BenchmarkInsertEntries stores pages of 2,000 received Opportunities (the
// sync's page) with a snapshot shaped as the receive path stores it, search
// index included, and reports the writer's time per entry.
func BenchmarkInsertEntries(b *testing.B) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(b.TempDir(), "insert.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var took time.Duration
	n := 0
	for b.Loop() {
		start := time.Now()
		err := db.InTx(ctx, func(ctx context.Context) error {
			for range 2000 {
				n++
				e := &matching.Entry{Object: "Opportunity", RecordID: fmt.Sprintf("006%015d", n), Modstamp: "2026-12-07T14:38:42.000+0000",
					Outcome: matching.EntryProcessed, ReferralID: fmt.Sprintf("ref_%d", n), Rule: `Opportunity.IsWon became true → approved`,
					Snapshot: map[string]any{"Account.Name": fmt.Sprintf("Tyrell %d Inc", n%5000), "AccountId": fmt.Sprintf("001%015d", n),
						"Amount": float64(n % 90000), "Contact.Email": fmt.Sprintf("person%d@example.com", n), "Contact.FirstName": "Benjamin",
						"Contact.Id": fmt.Sprintf("003%015d", n), "Contact.LastName": fmt.Sprintf("Anderson%d", n%700), "Contact.Phone": "+1 312 555 0142",
						"Id": fmt.Sprintf("006%015d", n), "IsDeleted": false, "IsWon": true, "Referral_ID__c": nil, "StageName": "Closed Won",
						"CloseDate": "2026-12-31", "SystemModstamp": "2026-12-07T14:38:42.000+0000"}}
				if err := db.InsertEntryRx(ctx, e, matching.EntryEvent{Actor: "sync", Action: "received"}); err != nil {
					return err
				}
			}
			return nil
		})
		took += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(took.Microseconds())/float64(n), "µs/entry")
}
