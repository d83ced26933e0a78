package connector_test

import (
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/refsync/refsync/connector"
)

// seedLeads inserts n Leads whose SystemModstamp runs a minute apart from 2024-01-01.
func seedLeads(e *env, n int) {
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		e.insert("Lead", map[string]any{"LastName": "Bulk", "Company": "Bulk Co",
			"SystemModstamp": base.Add(time.Duration(i) * time.Minute).Format("2006-01-02T15:04:05.000+0000")})
	}
}

func (e *env) bulkReceiver(threshold int) *connector.Receiver {
	rc, err := connector.New(connector.Options{Sink: e.db, CRM: e.crm, Settings: e.db, Rules: e.rules,
		Logger: slog.New(slog.DiscardHandler), Interval: time.Second, BulkThreshold: threshold, BulkPoll: time.Millisecond})
	if err != nil {
		e.t.Fatal(err)
	}
	return rc
}

func TestBackfillGoesThroughBulkAPIAboveTheThreshold(t *testing.T) {
	e := newEnv(t)
	seedLeads(e, 2500)
	e.emu.SetBulkPageSize(1000)
	res, err := e.bulkReceiver(1000).SyncOnce(e.ctx, "Lead", time.Time{})
	if err != nil || res[0].Received != 2500 {
		t.Fatalf("backfill: %+v, %v", res, err)
	}
	jobs := e.emu.BulkJobs()
	if len(jobs) != 1 || jobs[0].State != "JobComplete" || jobs[0].Rows != 2500 {
		t.Fatalf("bulk jobs in the org: %+v", jobs)
	}
	shown, _ := e.db.BulkJobs(e.ctx)
	if len(shown) != 1 || shown[0].State != "Done" || shown[0].Received != 2500 || shown[0].Percent() != 100 {
		t.Errorf("dashboard's bulk job: %+v", shown)
	}
	// the next (incremental) poll stays on REST
	e.insert("Lead", map[string]any{"LastName": "Later", "Company": "Co"})
	res, err = e.bulkReceiver(1000).SyncOnce(e.ctx, "Lead", time.Time{})
	if err != nil || res[0].Received != 1 || len(e.emu.BulkJobs()) != 1 {
		t.Errorf("incremental poll: %+v %v, %d bulk jobs", res, err, len(e.emu.BulkJobs()))
	}
	// under the threshold: REST
	e2 := newEnv(t)
	seedLeads(e2, 50)
	if res, err := e2.bulkReceiver(1000).SyncOnce(e2.ctx, "Lead", time.Time{}); err != nil || res[0].Received != 50 || len(e2.emu.BulkJobs()) != 0 {
		t.Errorf("small backfill: %+v %v, %d bulk jobs", res, err, len(e2.emu.BulkJobs()))
	}
}

func TestBulkJobAbortedMidwayLosesNothingAndTheNextRunResumes(t *testing.T) {
	e := newEnv(t)
	seedLeads(e, 3000)
	e.emu.SetBulkPageSize(1000)
	e.emu.AbortBulkQueriesAfterPages(1)
	res, err := e.bulkReceiver(1000).SyncOnce(e.ctx, "Lead", time.Time{})
	if err == nil || !strings.Contains(err.Error(), "INVALIDJOB") || res[0].Received != 1000 {
		t.Fatalf("aborted job: %+v, %v", res, err)
	}
	if shown, _ := e.db.BulkJobs(e.ctx); len(shown) != 1 || shown[0].State == "Done" || shown[0].Error == "" {
		t.Errorf("dashboard after the abort: %+v", shown)
	}
	e.emu.AbortBulkQueriesAfterPages(0)
	e.emu.FailNextBulkQueries(1, "InternalServerError : try again")
	res2, err := e.bulkReceiver(1000).SyncOnce(e.ctx, "Lead", time.Time{})
	if err == nil || res2[0].Received != 0 {
		t.Fatalf("failed job: %+v, %v", res2, err)
	}
	res3, err := e.bulkReceiver(1000).SyncOnce(e.ctx, "Lead", time.Time{})
	if err != nil || res[0].Received+res3[0].Received != 3000 {
		t.Fatalf("after the failures: %+v then %+v (%v); want 3,000 received in all, none twice", res, res3, err)
	}
	jobs := e.emu.BulkJobs()
	if last := jobs[len(jobs)-1]; last.State != "JobComplete" || last.Rows >= 3000 || last.Rows < 2000 {
		t.Errorf("the last job read %d rows: it should resume after the 1,000 stored, not start over", last.Rows)
	}
}
