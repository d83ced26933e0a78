package api

import (
	"context"
	"database/sql"
	"errors"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/push"
	"github.com/refsync/refsync/connector/salesforce"
	"github.com/refsync/refsync/connector/sfemu"
	"github.com/refsync/refsync/store"
)

// org is the emulated Salesforce org and a client logged in to it.
type org struct {
	srv *sfemu.Server
	sf  *salesforce.Client
	url string
}

func newOrg(t testing.TB) *org {
	t.Helper()
	srv, err := sfemu.New(sfemu.Options{})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	o := srv.Options()
	c, err := salesforce.New(salesforce.Config{LoginURL: hs.URL, Auth: salesforce.AuthClientCredentials,
		ClientID: o.ClientID, ClientSecret: o.ClientSecret, Attempts: 2, BackoffBase: time.Millisecond,
		BackoffMax: 2 * time.Millisecond, Timeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return &org{srv: srv, sf: c, url: hs.URL}
}

func openDB(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "refsync.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func rulesFunc(p config.PushRules) func(context.Context) (config.PushRules, error) {
	return func(context.Context) (config.PushRules, error) { return p, nil }
}

func newWorker(db *store.DB, sf push.Salesforce, p config.PushRules) *push.Worker {
	return &push.Worker{Store: PushStore(db), SF: sf, Rules: rulesFunc(p), BackoffBase: time.Minute}
}

// addReferral stores a referral and its push job in one transaction, as the API does.
func addReferral(t testing.TB, db *store.DB, r *store.Referral) *store.Referral {
	t.Helper()
	err := db.Tx(context.Background(), func(tx *sql.Tx) error {
		if err := db.CreateReferralTx(context.Background(), tx, r, "test"); err != nil {
			return err
		}
		return db.EnqueueJobTx(context.Background(), tx, store.JobSFPush, r.ID)
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func leadsWithReferral(o *org, id string) []map[string]any {
	var out []map[string]any
	for _, l := range o.srv.Records("Lead") {
		if l["Referral_ID__c"] == id {
			out = append(out, l)
		}
	}
	return out
}

func TestPushCreatesOneLeadWithEveryMappedField(t *testing.T) {
	ctx := context.Background()
	db, o := openDB(t), newOrg(t)
	m := &store.Member{ReferralCode: "ANN-1", FirstName: "Ann", LastName: "Lee", Email: "ann@members.example"}
	if err := db.CreateMember(ctx, m); err != nil {
		t.Fatal(err)
	}
	r := addReferral(t, db, &store.Referral{FirstName: "Bob", LastName: "Stone", Email: "bob@stone.example", Phone: "+1 555 0100",
		Company: "Stone Ltd", Street: "1 Main St", City: "Springfield", State: "IL", PostalCode: "62701", MemberCode: "ANN-1",
		Custom: map[string]string{"title": "CFO"}})
	rules := config.DefaultPushRules()
	rules.CustomFields = map[string]string{"title": "Title"}
	if _, err := newWorker(db, o.sf, rules).RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	leads := leadsWithReferral(o, r.ID)
	if len(leads) != 1 {
		t.Fatalf("%d Leads carry the referral id, want 1", len(leads))
	}
	want := map[string]string{"FirstName": "Bob", "LastName": "Stone", "Email": "bob@stone.example", "Phone": "+1 555 0100",
		"Company": "Stone Ltd", "Street": "1 Main St", "City": "Springfield", "State": "IL", "PostalCode": "62701",
		"Referral_ID__c": r.ID, "LeadSource": "Referral", "Member_Code__c": "ANN-1", "Title": "CFO"}
	for f, v := range want {
		if got, _ := leads[0][f].(string); got != v {
			t.Errorf("Lead.%s = %q, want %q", f, got, v)
		}
	}
	if d, _ := leads[0]["Description"].(string); !strings.Contains(d, "Ann Lee") {
		t.Errorf("source note %q does not name the member", d)
	}
	got, _ := db.ReferralByID(ctx, r.ID)
	links, _ := db.LinksOfReferral(ctx, r.ID)
	if got.SFState != store.SFCreated || len(links) != 1 || links[0].RecordID != leads[0]["Id"] {
		t.Fatalf("referral state %q links %+v", got.SFState, links)
	}
}

// crashingStore fails recording outcomes while crash is set: the process died
// after Salesforce created the records and before their ids were stored.
type crashingStore struct {
	push.Store
	crash bool
}

func (c *crashingStore) FinishPushes(ctx context.Context, outs []push.Outcome) error {
	if c.crash {
		return errors.New("killed")
	}
	return c.Store.FinishPushes(ctx, outs)
}

func TestPushKilledBetweenCreateAndRecordMakesNoSecondLead(t *testing.T) {
	ctx := context.Background()
	db, o := openDB(t), newOrg(t)
	now := time.Now()
	db.SetClock(func() time.Time { return now })
	ids := addPeople(t, db, "Person", 3)
	cs := &crashingStore{Store: PushStore(db), crash: true}
	w := &push.Worker{Store: cs, SF: o.sf, Rules: rulesFunc(config.DefaultPushRules())}
	if _, err := w.RunOnce(ctx); err == nil {
		t.Fatal("the killed run reported no error")
	}
	if n := len(o.srv.Records("Lead")); n != 3 {
		t.Fatalf("after the killed run %d Leads, want 3 (the create call went through)", n)
	}
	// A new process starts; the dead worker's lease runs out.
	now = now.Add(time.Hour)
	if n, err := newWorker(db, o.sf, config.DefaultPushRules()).RunOnce(ctx); err != nil || n != 3 {
		t.Fatalf("restart run: %d jobs, %v", n, err)
	}
	for _, id := range ids {
		if leads := leadsWithReferral(o, id); len(leads) != 1 {
			t.Fatalf("referral %s has %d Leads, want 1", id, len(leads))
		}
		r, _ := db.ReferralByID(ctx, id)
		if links, _ := db.LinksOfReferral(ctx, id); r.SFState != store.SFCreated || len(links) != 1 {
			t.Fatalf("referral %s: state %q links %v", id, r.SFState, links)
		}
	}
}
