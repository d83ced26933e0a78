package push

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/matching"
)

func TestFieldsPerObject(t *testing.T) {
	it := Item{Referral: matching.Referral{ID: "ref_1", FirstName: "Bob", Email: "bob@x.example", City: "Springfield"},
		Member: &Member{ID: "mem_1", Code: "ANN", FirstName: "Ann", Email: "ann@x.example"}, Custom: map[string]string{"plan": "pro"}}
	tests := []struct {
		name   string
		edit   func(*config.PushRules)
		want   map[string]any
		absent []string
	}{
		{"lead fills required fields", func(*config.PushRules) {}, map[string]any{"LastName": "bob", "Company": notProvided,
			"City": "Springfield", "Referral_ID__c": "ref_1", "Member_Code__c": "ANN", "LeadSource": "Referral"}, []string{"MailingCity", "Phone"}},
		{"contact uses mailing address, no company", func(p *config.PushRules) { p.Object = "Contact" },
			map[string]any{"MailingCity": "Springfield", "LastName": "bob"}, []string{"Company", "City"}},
		{"member, custom and URL fields", func(p *config.PushRules) {
			p.MemberFields = []string{"name", "email"}
			p.CustomFields = map[string]string{"plan": "Plan__c"}
			p.BaseURL, p.ReferralURLField, p.MemberURLField = "https://refsync.example/", "Referral_URL__c", "Member_URL__c"
		}, map[string]any{"Referring_Member_Name__c": "Ann", "Referring_Member_Email__c": "ann@x.example", "Plan__c": "pro",
			"Referral_URL__c": "https://refsync.example/referrals/ref_1", "Member_URL__c": "https://refsync.example/members/mem_1"},
			[]string{"Member_Code__c"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := config.DefaultPushRules()
			tc.edit(&p)
			got := Fields(it, p)
			for k, v := range tc.want {
				if got[k] != v {
					t.Errorf("%s = %v, want %v", k, got[k], v)
				}
			}
			for _, k := range tc.absent {
				if _, ok := got[k]; ok {
					t.Errorf("%s set to %v, want absent", k, got[k])
				}
			}
		})
	}
}

func TestLookupQueriesStayUnderTheURILimit(t *testing.T) {
	var emails []string
	for i := range 3000 {
		emails = append(emails, fmt.Sprintf("someone.with.a.long.name%04d@example-company.com", i))
	}
	emails = append(emails, "o'brien@example.com")
	prefix := "SELECT Id, Email, CreatedDate FROM Lead WHERE Email IN ("
	for _, budget := range []int{2000, 14000} {
		w := &Worker{URIBudget: budget}
		w.defaults()
		qb := budget - len("/services/data/v62.0/query?q=") - len(url.QueryEscape(prefix+")"))
		soqls := chunkIn(prefix, emails, qb, func(lit string) int { return len(url.QueryEscape(lit)) + 3 })
		seen := 0
		for _, q := range soqls {
			if n := len("/services/data/v62.0/query?q=" + url.QueryEscape(q)); n > budget {
				t.Fatalf("budget %d: query URL of %d bytes", budget, n)
			}
			seen += strings.Count(q, "@")
		}
		if seen != len(emails) || !strings.Contains(soqls[len(soqls)-1], `'o\'brien@example.com'`) {
			t.Fatalf("budget %d: %d emails in %d queries, want %d, quote escaped", budget, seen, len(soqls), len(emails))
		}
	}
}

func TestBackoffDoublesAndCaps(t *testing.T) {
	w := &Worker{BackoffBase: time.Second, BackoffMax: 10 * time.Second}
	w.defaults()
	for attempt, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 4: 8 * time.Second, 5: 10 * time.Second, 30: 10 * time.Second} {
		if got := w.backoff(attempt); got != want {
			t.Errorf("backoff(%d) = %v, want %v", attempt, got, want)
		}
	}
}

func TestWrongRulesSendNothing(t *testing.T) {
	bad := config.DefaultPushRules()
	bad.OnExistingEmail = "merge"
	w := &Worker{Rules: func(context.Context) (config.PushRules, error) { return bad, nil }} // no Store or SF: touching them would panic
	if n, err := w.RunOnce(context.Background()); n != 0 || err == nil || !strings.Contains(err.Error(), "on_existing_email") {
		t.Fatalf("RunOnce = %d, %v; want nothing done and the setting named", n, err)
	}
}
