package connector

import (
	"strings"
	"testing"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/salesforce"
	"github.com/refsync/refsync/matching"
)

func TestPlanQuery(t *testing.T) {
	rules := config.DefaultRules()
	rules.Events = config.LabelEvents()
	from := time.Date(2026, 1, 2, 3, 4, 5, 600e6, time.UTC)
	tests := []struct {
		object string
		want   []string
		not    []string
	}{
		{"Opportunity", []string{"SELECT Id, SystemModstamp, IsDeleted, StageName, Amount, Referral_ID__c, AccountId, Account.Name",
			"(SELECT ContactId, Contact.FirstName, Contact.LastName, Contact.Email, Contact.Phone FROM OpportunityContactRoles)",
			"FROM Opportunity WHERE SystemModstamp >= 2026-01-02T03:04:05Z ORDER BY SystemModstamp, Id"}, []string{"Member_Code__c"}},
		{"Lead", []string{"IsConverted", "ConvertedContactId", "Status", "Member_Code__c", "FROM Lead WHERE"}, []string{"(SELECT"}},
		{"Contact", []string{"Account.Name", "AccountId", "MailingCity"}, []string{"IsConverted"}},
	}
	for _, tt := range tests {
		t.Run(tt.object, func(t *testing.T) {
			q := newPlan(tt.object, rules).query(from)
			for _, w := range tt.want {
				if !strings.Contains(q, w) {
					t.Errorf("query lacks %q:\n%s", w, q)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(q, w) {
					t.Errorf("query has %q:\n%s", w, q)
				}
			}
		})
	}
}

func TestSnapshotExactlyOneRelated(t *testing.T) {
	p := newPlan("Opportunity", config.DefaultRules())
	role := func(id, email string) any {
		return map[string]any{"ContactId": id, "Contact": map[string]any{"Email": email, "FirstName": "F", "LastName": "L"}}
	}
	tests := []struct {
		name  string
		roles any
		email any
	}{
		{"none", nil, nil},
		{"one", map[string]any{"totalSize": 1.0, "records": []any{role("003A", "a@x.io")}}, "a@x.io"},
		{"same contact twice", map[string]any{"records": []any{role("003A", "a@x.io"), role("003A", "a@x.io")}}, "a@x.io"},
		{"two contacts", map[string]any{"records": []any{role("003A", "a@x.io"), role("003B", "b@x.io")}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := salesforce.Record{"Id": "006A", "StageName": "Closed Won", "Account": map[string]any{"Name": "Acme"},
				"OpportunityContactRoles": tt.roles}
			snap := p.snapshot(rec)
			if snap["Contact.Email"] != tt.email || snap["Account.Name"] != "Acme" {
				t.Fatalf("snapshot = %v", snap)
			}
		})
	}
}

func TestFiredEventOnEnteringOnly(t *testing.T) {
	rules := config.DefaultRules()
	rules.Events = config.LabelEvents()
	won := map[string]any{"StageName": "Closed Won"}
	open := map[string]any{"StageName": "Prospecting"}
	tests := []struct {
		name      string
		prev, cur map[string]any
		fires     bool
	}{
		{"first seen with it", nil, won, true},
		{"changed into it", open, won, true},
		{"stays there", won, won, false},
		{"not there", open, open, false},
		{"left it", won, open, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := firedEvent(rules, "Opportunity", tt.prev, tt.cur) != nil; got != tt.fires {
				t.Fatalf("fired = %v, want %v", got, tt.fires)
			}
		})
	}
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		n    int
		want time.Duration
	}{{0, 0}, {1, 0}, {2, time.Minute}, {3, 2 * time.Minute}, {6, 15 * time.Minute}, {50, 15 * time.Minute}}
	for _, tt := range tests {
		if got := backoff(tt.n, time.Minute, false); got != tt.want {
			t.Errorf("backoff(%d) = %s, want %s", tt.n, got, tt.want)
		}
	}
}

func TestDefaultThresholdsFollowMatcher(t *testing.T) {
	got := config.DefaultRules().Thresholds
	want := matching.DefaultThresholds()
	if got.Auto != want.Auto || got.Review != want.Review || got.Margin != want.Margin {
		t.Fatalf("config.DefaultRules thresholds %+v differ from the matcher's tuned %+v; update config/rules.go", got, want)
	}
}
