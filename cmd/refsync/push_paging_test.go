package main

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/salesforce"
	"github.com/refsync/refsync/connector/sfemu"
	"github.com/refsync/refsync/store"
)

// An org answering lookups 200 records a page: 300 referrals whose emails
// 300 Leads already carry must all be linked in one run, not retried for a day
// because the composite lookup had a second page.
func TestPushLookupPagesThroughMoreThanOnePage(t *testing.T) {
	ctx := context.Background()
	srv, err := sfemu.New(sfemu.Options{PageSize: 200})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	o := srv.Options()
	sf, err := salesforce.New(salesforce.Config{LoginURL: hs.URL, Auth: salesforce.AuthClientCredentials,
		ClientID: o.ClientID, ClientSecret: o.ClientSecret, Attempts: 2, BackoffBase: time.Millisecond,
		BackoffMax: 2 * time.Millisecond, Timeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	db := openDB(t)
	const n = 300
	ids := make([]string, n)
	for i := range n {
		email := fmt.Sprintf("person%03d@example.com", i)
		if _, err := srv.Insert("Lead", map[string]any{"LastName": fmt.Sprint("Person", i), "Company": "Acme", "Email": email}); err != nil {
			t.Fatal(err)
		}
		ids[i] = addReferral(t, db, &store.Referral{FirstName: "P", LastName: fmt.Sprint("Person", i), Email: email}).ID
	}
	rules := config.DefaultPushRules()
	rules.OnExistingEmail = config.OnExistingLink
	w := newWorker(db, sf, rules)
	w.SOQLBudget = 100_000 // every email in one lookup query, so its answer has two pages
	if _, err := w.RunOnce(ctx); err != nil {
		t.Fatalf("push run: %v", err)
	}
	linked := 0
	for _, id := range ids {
		if r, _ := db.ReferralByID(ctx, id); r.SFState == store.SFLinked {
			linked++
		}
	}
	if linked != n {
		t.Fatalf("%d of %d referrals linked to their existing Lead", linked, n)
	}
	if leads := len(srv.Records("Lead")); leads != n {
		t.Fatalf("%d Leads, want %d (nothing created twice)", leads, n)
	}
}
