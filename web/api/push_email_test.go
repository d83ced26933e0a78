package api

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/salesforce"
	"github.com/refsync/refsync/store"
)

func TestPushExistingEmailOptions(t *testing.T) {
	tests := []struct {
		option     string
		createdAgo time.Duration // age of the Lead already in Salesforce
		wantLeads  int
		wantState  string
		wantStatus string
		wantLinked bool // linked to the existing Lead
		wantFirst  string
	}{
		{config.OnExistingLink, 3 * time.Hour, 1, store.SFLinked, store.StatusPending, true, "Old"},
		{config.OnExistingUpdate, 3 * time.Hour, 1, store.SFUpdated, store.StatusPending, true, "Bob"},
		{config.OnExistingCreate, 3 * time.Hour, 2, store.SFCreated, store.StatusPending, false, "Old"},
		{config.OnExistingDeny, 3 * time.Hour, 1, store.SFDenied, store.StatusDenied, false, "Old"},
		{config.OnExistingDeny + " but recent", 10 * time.Minute, 1, store.SFLinked, store.StatusPending, true, "Old"},
		{config.OnExistingCreate + " but recent", 10 * time.Minute, 1, store.SFLinked, store.StatusPending, true, "Old"},
	}
	for _, tc := range tests {
		t.Run(tc.option, func(t *testing.T) {
			ctx := context.Background()
			db, o := openDB(t), newOrg(t)
			existing, err := o.srv.Insert("Lead", map[string]any{"FirstName": "Old", "LastName": "Stone", "Company": "Old Co",
				"Email": "Bob@Stone.example", "CreatedDate": time.Now().Add(-tc.createdAgo).UTC().Format("2006-01-02T15:04:05.000+0000")})
			if err != nil {
				t.Fatal(err)
			}
			r := addReferral(t, db, &store.Referral{FirstName: "Bob", LastName: "Stone", Email: "bob@stone.example", Company: "Stone Ltd"})
			rules := config.DefaultPushRules()
			rules.OnExistingEmail = strings.Fields(tc.option)[0]
			if _, err := newWorker(db, o.sf, rules).RunOnce(ctx); err != nil {
				t.Fatal(err)
			}
			if n := len(o.srv.Records("Lead")); n != tc.wantLeads {
				t.Errorf("%d Leads, want %d", n, tc.wantLeads)
			}
			got, _ := db.ReferralByID(ctx, r.ID)
			if got.SFState != tc.wantState || got.Status != tc.wantStatus {
				t.Errorf("referral push state %q status %q, want %q %q", got.SFState, got.Status, tc.wantState, tc.wantStatus)
			}
			links, _ := db.LinksOfReferral(ctx, r.ID)
			linked := len(links) == 1 && links[0].RecordID == existing
			if linked != tc.wantLinked {
				t.Errorf("linked to the existing Lead = %v (links %+v), want %v", linked, links, tc.wantLinked)
			}
			if first := o.srv.Get("Lead", existing)["FirstName"]; first != tc.wantFirst {
				t.Errorf("existing Lead's FirstName = %v, want %q", first, tc.wantFirst)
			}
		})
	}
}

// dupRuleSF is the emulated org with a Salesforce duplicate rule on some emails
// (the emulator has no duplicate rules): those records come back DUPLICATES_DETECTED.
type dupRuleSF struct {
	*salesforce.Client
	blocked  map[string]bool
	creates  int
	existing string // when set, the rule names this Lead as the duplicate (duplicateResult)
}

func (d *dupRuleSF) CreateMany(ctx context.Context, object string, recs []map[string]any, allOrNone bool) ([]salesforce.SaveResult, error) {
	d.creates++
	out := make([]salesforce.SaveResult, len(recs))
	var pass []map[string]any
	var at []int
	for i, r := range recs {
		if d.blocked[r["Email"].(string)] {
			e := &salesforce.APIError{Code: "DUPLICATES_DETECTED", Message: "Use one of these records?"}
			if d.existing != "" {
				e.Duplicates = []salesforce.Duplicate{{Object: "Lead", ID: d.existing}}
			}
			out[i] = salesforce.SaveResult{Errors: []*salesforce.APIError{e}}
			continue
		}
		pass, at = append(pass, r), append(at, i)
	}
	res, err := d.Client.CreateMany(ctx, object, pass, allOrNone)
	for j, sr := range res {
		out[at[j]] = sr
	}
	return out, err
}

func TestPushDuplicateRuleIsShownAndNotRetried(t *testing.T) {
	ctx := context.Background()
	db, o := openDB(t), newOrg(t)
	now := time.Now()
	db.SetClock(func() time.Time { return now })
	dup := addReferral(t, db, &store.Referral{LastName: "Dup", Email: "dup@example.com"})
	ok := addReferral(t, db, &store.Referral{LastName: "Fine", Email: "fine@example.com"})
	sf := &dupRuleSF{Client: o.sf, blocked: map[string]bool{"dup@example.com": true}}
	w := newWorker(db, sf, config.DefaultPushRules())
	if _, err := w.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	got, _ := db.ReferralByID(ctx, dup.ID)
	if got.SFState != store.SFFailed || !strings.Contains(got.SFError, "DUPLICATES_DETECTED") {
		t.Fatalf("duplicate referral: state %q error %q", got.SFState, got.SFError)
	}
	if fine, _ := db.ReferralByID(ctx, ok.ID); fine.SFState != store.SFCreated {
		t.Fatalf("the other referral: state %q", fine.SFState)
	}
	for range 3 { // days pass: the job is not tried again
		now = now.Add(24 * time.Hour)
		if n, err := w.RunOnce(ctx); n != 0 || err != nil {
			t.Fatalf("later run handled %d jobs (%v), want 0", n, err)
		}
	}
	if sf.creates != 1 {
		t.Fatalf("%d create calls, want 1", sf.creates)
	}
}

func TestPushRetriesWhenSalesforceIsDown(t *testing.T) {
	ctx := context.Background()
	db, o := openDB(t), newOrg(t)
	now := time.Now()
	db.SetClock(func() time.Time { return now })
	r := addReferral(t, db, &store.Referral{LastName: "Later", Email: "later@example.com"})
	w := newWorker(db, o.sf, config.DefaultPushRules())
	o.srv.FailNext503(1000)
	if _, err := w.RunOnce(ctx); err == nil {
		t.Fatal("no error while Salesforce answers 503")
	}
	job, _ := db.JobByRef(ctx, store.JobSFPush, r.ID)
	if job.State != store.JobPending || job.LastError == "" {
		t.Fatalf("job after outage = %+v", job)
	}
	if got, _ := db.ReferralByID(ctx, r.ID); !strings.Contains(got.SFError, "retrying") {
		t.Fatalf("referral shows %q while the push waits to retry", got.SFError)
	}
	o.srv.FailNext503(0)
	if n, _ := w.RunOnce(ctx); n != 0 {
		t.Fatalf("retried before its backoff: %d jobs", n)
	}
	now = now.Add(time.Hour)
	if n, err := w.RunOnce(ctx); n != 1 || err != nil {
		t.Fatalf("retry run: %d, %v", n, err)
	}
	if leads := leadsWithReferral(o, r.ID); len(leads) != 1 {
		t.Fatalf("%d Leads after recovery, want 1", len(leads))
	}
	if got, _ := db.ReferralByID(ctx, r.ID); got.SFError != "" || got.SFState != store.SFCreated {
		t.Fatalf("after recovery: state %q error %q", got.SFState, got.SFError)
	}
}

func TestRepushAfterTheDuplicateWasMerged(t *testing.T) {
	ctx := context.Background()
	e, o := newEnv(t), newOrg(t)
	id := e.must("POST", "/api/v1/referrals", `{"last_name":"Dup","email":"dup@example.com"}`, 201)["id"].(string)
	sf := &dupRuleSF{Client: o.sf, blocked: map[string]bool{"dup@example.com": true}}
	w := newWorker(e.db, sf, config.DefaultPushRules())
	if _, err := w.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if got := e.must("GET", "/api/v1/referrals/"+id, "", 200); got["salesforce_state"] != store.SFFailed ||
		!strings.Contains(fmt.Sprint(got["salesforce_error"]), "DUPLICATES_DETECTED") {
		t.Fatalf("after the refusal: %v", got)
	}
	if code, _ := e.do("POST", "/api/v1/referrals/"+id+"/push", e.reviewer, ""); code != 403 {
		t.Fatalf("reviewer re-push = %d, want 403", code)
	}
	if got := e.must("POST", "/api/v1/referrals/"+id+"/push", "", 202); got["salesforce_state"] != store.SFQueued || got["salesforce_error"] != nil {
		t.Fatalf("re-push answer: %v", got)
	}
	delete(sf.blocked, "dup@example.com") // the admin merged the duplicate in Salesforce
	if _, err := w.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if leads := leadsWithReferral(o, id); len(leads) != 1 {
		t.Fatalf("%d Leads after re-push, want 1", len(leads))
	}
}
