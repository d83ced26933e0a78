package salesforce_test

import (
	"testing"

	"github.com/refsync/refsync/connector/salesforce"
	"github.com/refsync/refsync/connector/sfemu"
)

// BenchmarkQueryEmulator reads every Lead of a seeded emulator org through the client (pages of
// 2,000) and reports records/s and API calls per 2,000 records as the emulator counts them.
func BenchmarkQueryEmulator(b *testing.B) {
	srv, err := sfemu.New(sfemu.Options{Seed: 11, SeedCount: 20000})
	if err != nil {
		b.Fatal(err)
	}
	e := &emuOrg{srv: srv}
	hs := startEmu(b, srv)
	e.url = hs
	c, err := salesforce.New(e.config(salesforce.AuthClientCredentials))
	if err != nil {
		b.Fatal(err)
	}
	if err := c.Connect(b.Context()); err != nil {
		b.Fatal(err)
	}
	srv.ResetUsage()
	var records int
	b.ResetTimer()
	for b.Loop() {
		err := c.Query(b.Context(), "SELECT Id, FirstName, LastName, Email, Company, Status, Referral_ID__c, SystemModstamp FROM Lead", func(p salesforce.Page) error {
			records += len(p.Records)
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(float64(srv.APICalls())/(float64(records)/2000), "calls/2000rec")
}
