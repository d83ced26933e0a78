package sfemu

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"syscall"
	"testing"
	"time"
)

// benchOrg builds n Opportunities, each under an Account with one contact role.
func benchOrg(b *testing.B, n int) (*Server, *client) {
	b.Helper()
	s, c := testOrg(b, Options{})
	accounts := make([]string, 0, n/10+1)
	for i := 0; i <= n/10; i++ {
		id, err := s.Insert("Account", map[string]any{"Name": fmt.Sprint("Account ", i)})
		if err != nil {
			b.Fatal(err)
		}
		accounts = append(accounts, id)
	}
	for i := 0; i < n; i++ {
		acc := accounts[i/10]
		con, err := s.Insert("Contact", map[string]any{"LastName": fmt.Sprint("C", i), "Email": fmt.Sprintf("c%d@example.com", i), "AccountId": acc})
		if err != nil {
			b.Fatal(err)
		}
		opp, err := s.Insert("Opportunity", map[string]any{"Name": fmt.Sprint("Deal ", i), "StageName": "Prospecting",
			"CloseDate": "2024-06-01", "AccountId": acc, "Amount": float64(i), "Referral_ID__c": fmt.Sprint("R-", i)})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Insert("OpportunityContactRole", map[string]any{"OpportunityId": opp, "ContactId": con}); err != nil {
			b.Fatal(err)
		}
	}
	return s, c
}

// BenchmarkQueryPaging pages over HTTP through 100,000 changed Opportunities
// with Account fields and a contact-role subquery, 2,000 per page.
func BenchmarkQueryPaging(b *testing.B) {
	const n = 100000
	_, c := benchOrg(b, n)
	soql := "SELECT Id, Name, StageName, Amount, Referral_ID__c, SystemModstamp, Account.Name, Account.BillingCity, " +
		"(SELECT ContactId, Contact.Email, IsPrimary FROM OpportunityContactRoles) FROM Opportunity " +
		"WHERE SystemModstamp >= 2000-01-01T00:00:00Z ORDER BY SystemModstamp, Id"
	b.ResetTimer()
	start, cpu0 := time.Now(), cpuTime()
	total, calls := 0, 0
	for i := 0; i < b.N; i++ {
		next := "/services/data/" + c.ver + "/query?q=" + url.QueryEscape(soql)
		for next != "" {
			page := fetchPage(b, c, next)
			calls++
			total += len(page.Records)
			next = page.NextRecordsURL
		}
	}
	el, cpu := time.Since(start), cpuTime()-cpu0
	b.ReportMetric(float64(total)/el.Seconds(), "records/s")
	b.ReportMetric(float64(total)/cpu.Seconds(), "records/cpu-s")
	b.ReportMetric(float64(calls)/float64(b.N), "calls/op")
	if total != n*b.N {
		b.Fatalf("paged %d records, want %d", total, n*b.N)
	}
}

type benchPage struct {
	Done           bool              `json:"done"`
	NextRecordsURL string            `json:"nextRecordsUrl"`
	Records        []json.RawMessage `json:"records"`
}

func fetchPage(b *testing.B, c *client, path string) benchPage {
	req, _ := http.NewRequest("GET", c.base+path, nil)
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	var p benchPage
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil || resp.StatusCode != 200 {
		b.Fatalf("page %s: %d %v", path, resp.StatusCode, err)
	}
	return p
}

// cpuTime is the CPU time (user+system) this process has used; the machine
// may be shared, so records per CPU-second is reported beside wall-clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
