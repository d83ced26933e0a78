package connector_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector"
	"github.com/refsync/refsync/connector/sfemu"
	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// benchOrg fills the emulator with n won Opportunities, each with an Account
// and one contact role, for n realistic people from the emulator's generator
// (common first and last names that repeat, free-mail and company domains,
// phones, cities); every second deal carries the referral id, the others are
// found by the contact's email, name and phone. Two people whose generated
// mailbox is the same get a number in it, as mail providers do. It returns the referrals.
func benchOrg(b *testing.B, emu *sfemu.Server, n int) []matching.Referral {
	b.Helper()
	refs := benchPeople(n)
	for i, r := range refs {
		acc, err := emu.Insert("Account", map[string]any{"Name": r.Company, "BillingCity": r.City})
		if err != nil {
			b.Fatal(err)
		}
		con, err := emu.Insert("Contact", map[string]any{"FirstName": r.FirstName, "LastName": r.LastName, "Email": r.Email,
			"Phone": r.Phone, "MailingCity": r.City, "MailingPostalCode": r.PostalCode, "AccountId": acc})
		if err != nil {
			b.Fatal(err)
		}
		opp := map[string]any{"Name": r.Company + " deal", "StageName": "Closed Won", "CloseDate": "2026-12-31", "AccountId": acc, "Amount": float64(1000 + i)}
		if i%2 == 0 {
			opp["Referral_ID__c"] = r.ID
		}
		oid, err := emu.Insert("Opportunity", opp)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := emu.Insert("OpportunityContactRole", map[string]any{"OpportunityId": oid, "ContactId": con, "IsPrimary": true}); err != nil {
			b.Fatal(err)
		}
	}
	return refs
}

// benchPeople returns n realistic referrals from the emulator's generator;
// two people whose generated mailbox is the same get a number in it.
func benchPeople(n int) []matching.Referral {
	refs := make([]matching.Referral, n)
	seen := map[string]int{}
	for i, p := range sfemu.Generate(42, n) {
		local, domain, _ := strings.Cut(p.Email, "@")
		if k := seen[p.Email]; k > 0 {
			local = fmt.Sprintf("%s%d", local, k+1)
		}
		seen[p.Email]++
		refs[i] = matching.Referral{ID: fmt.Sprintf("ref_bench%07d", i), FirstName: p.FirstName, LastName: p.LastName,
			Email: local + "@" + domain, Phone: p.Phone, Company: p.Company, City: p.City, State: p.State, PostalCode: p.PostalCode}
	}
	return refs
}

// BenchmarkSyncOnce50k: 50,000 changed Opportunities with their Accounts and
// contact roles against 50,000 referrals, received, matched and applied by
// one sync of Opportunity (index load included); every entry must end
// processed. Reports entries/s, the API calls per 2,000 records as counted by
// the emulator, and the process's CPU per entry.
func BenchmarkSyncOnce50k(b *testing.B) { benchSyncOnce(b, 50_000) }

// BenchmarkSyncOnce5k is BenchmarkSyncOnce50k at a tenth of the size.
func BenchmarkSyncOnce5k(b *testing.B) { benchSyncOnce(b, 5_000) }

func benchSyncOnce(b *testing.B, n int) {
	emu, err := sfemu.Start("127.0.0.1:0", sfemu.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer emu.Close()
	refs := benchOrg(b, emu, n)
	var took, cpuTook time.Duration // every iteration's, so the figures are means, not the last iteration's
	var used, processed int
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, err := store.Open(context.Background(), filepath.Join(b.TempDir(), fmt.Sprintf("bench%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		err = db.InTx(context.Background(), func(ctx context.Context) error {
			for _, r := range refs {
				if err := db.CreateReferralRx(ctx, store.DefaultProgram, r, "", "bench"); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		e := &env{t: b, ctx: context.Background(), emu: emu, db: db, rules: config.DefaultRules()}
		e.rules.Backfill = "2000-01-01"
		e.crm = newBenchClient(b, emu)
		rc, err := connector.New(connector.Options{Sink: db, CRM: e.crm, Settings: db, Rules: e.rules, Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			b.Fatal(err)
		}
		calls := emu.APICalls()
		stopProfile := profileTimed(b)
		b.StartTimer()
		start, cpu0 := time.Now(), processCPU()
		res, err := rc.SyncOnce(e.ctx, "Opportunity", time.Time{})
		elapsed, cpu := time.Since(start), processCPU()-cpu0
		took, cpuTook = took+elapsed, cpuTook+cpu
		b.StopTimer()
		stopProfile()
		if err != nil {
			b.Fatal(err)
		}
		if res[0].Received != n {
			b.Fatalf("received %d entries, want %d", res[0].Received, n)
		}
		used += emu.APICalls() - calls
		approved, _, _ := db.ListReferrals(e.ctx, store.ReferralFilter{Status: "approved", Limit: 1})
		st, _ := db.EntryStats(e.ctx)
		done := 0
		for _, d := range st.PerDay {
			done += d.Outcomes["processed"]
		}
		if len(approved) == 0 || done < n {
			b.Fatalf("only %d of %d entries processed", done, n)
		}
		processed += done
		db.Close()
	}
	all := float64(n * b.N)
	b.ReportMetric(all/took.Seconds(), "entries/s")
	b.ReportMetric(float64(used)/(all/2000), "api-calls/2000-records")
	b.ReportMetric(float64(processed)/float64(b.N), "processed")
	b.ReportMetric(float64(cpuTook.Microseconds())/all, "cpu-µs/entry") // the emulator's included; steadier than wall time on a busy machine
}

// profileTimed writes a CPU profile of the timed part alone (setup
// excluded, unlike -cpuprofile) to the file REFSYNC_BENCH_CPUPROFILE names,
// when set; it returns the function that stops it.
func profileTimed(b *testing.B) (stop func()) {
	path := os.Getenv("REFSYNC_BENCH_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		b.Fatal(err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }
}

// processCPU is the user+system CPU time of this process so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
