package sfemu

import (
	"strings"
	"testing"
	"time"
)

func TestDateLiteralRanges(t *testing.T) {
	now := time.Date(2024, 5, 15, 10, 30, 0, 0, time.UTC) // a Wednesday
	tests := []struct{ lit, lo, hi string }{
		{"today", "2024-05-15T00", "2024-05-16T00"},
		{"yesterday", "2024-05-14T00", "2024-05-15T00"},
		{"this_week", "2024-05-12T00", "2024-05-19T00"},
		{"last_week", "2024-05-05T00", "2024-05-12T00"},
		{"next_month", "2024-06-01T00", "2024-07-01T00"},
		{"this_month", "2024-05-01T00", "2024-06-01T00"},
		{"last_90_days", "2024-02-15T00", "2024-05-16T00"},
		{"next_90_days", "2024-05-16T00", "2024-08-14T00"},
		{"last_n_days:1", "2024-05-14T00", "2024-05-16T00"},
		{"next_n_days:2", "2024-05-16T00", "2024-05-18T00"},
		{"n_days_ago:3", "2024-05-12T00", "2024-05-13T00"},
		{"last_n_hours:2", "2024-05-15T08", "2024-05-15T11"},
		{"next_n_weeks:2", "2024-05-19T00", "2024-06-02T00"},
		{"last_n_weeks:1", "2024-05-05T00", "2024-05-12T00"},
		{"n_weeks_ago:2", "2024-04-28T00", "2024-05-05T00"},
		{"last_n_months:2", "2024-03-01T00", "2024-05-01T00"},
		{"n_months_ago:1", "2024-04-01T00", "2024-05-01T00"},
		{"this_quarter", "2024-04-01T00", "2024-07-01T00"},
		{"last_quarter", "2024-01-01T00", "2024-04-01T00"},
		{"next_n_quarters:2", "2024-07-01T00", "2025-01-01T00"},
		{"n_quarters_ago:1", "2024-01-01T00", "2024-04-01T00"},
		{"this_year", "2024-01-01T00", "2025-01-01T00"},
		{"last_n_years:2", "2022-01-01T00", "2024-01-01T00"},
		{"n_years_ago:1", "2023-01-01T00", "2024-01-01T00"},
		{"this_fiscal_quarter", "2024-04-01T00", "2024-07-01T00"},
		{"next_fiscal_year", "2025-01-01T00", "2026-01-01T00"},
		{"last_n_fiscal_quarters:1", "2024-01-01T00", "2024-04-01T00"},
		{"n_fiscal_years_ago:2", "2022-01-01T00", "2023-01-01T00"},
	}
	for _, tt := range tests {
		base, _, _ := strings.Cut(tt.lit, ":")
		if !isDateLiteral(tt.lit, base) {
			t.Errorf("%s is not recognised", tt.lit)
			continue
		}
		lo, hi := dateRange(tt.lit, now)
		if got := lo.Format("2006-01-02T15") + " " + hi.Format("2006-01-02T15"); got != tt.lo+" "+tt.hi {
			t.Errorf("%s = %s, want %s %s", tt.lit, got, tt.lo, tt.hi)
		}
	}
	for _, bad := range []string{"last_n_days", "n_days_ago", "last_n_fortnights:2", "this_decade"} {
		base, _, _ := strings.Cut(bad, ":")
		if isDateLiteral(bad, base) {
			t.Errorf("%s was accepted", bad)
		}
	}
}

// TestDateLiteralsThroughSimpleforce filters by literals in a query as a client sends it.
func TestDateLiteralsThroughSimpleforce(t *testing.T) {
	now := time.Date(2024, 5, 15, 10, 30, 0, 0, time.UTC)
	s, _ := testOrg(t, Options{Now: func() time.Time { return now }})
	for _, d := range []string{"2024-05-15T09:10:00.000+0000", "2024-05-12T12:00:00.000+0000", "2024-04-20T12:00:00.000+0000", "2023-11-02T12:00:00.000+0000"} {
		if _, err := s.Insert("Lead", map[string]any{"LastName": d[:10], "Company": "C", "CreatedDate": d}); err != nil {
			t.Fatal(err)
		}
	}
	s.Insert("Opportunity", map[string]any{"Name": "O", "StageName": "Prospecting", "CloseDate": "2024-05-12"})
	sf := simpleforceClient(t, s)
	tests := []struct {
		where string
		want  int
	}{
		{"CreatedDate = THIS_MONTH", 2}, {"CreatedDate = LAST_N_HOURS:2", 1}, {"CreatedDate = N_DAYS_AGO:3", 1},
		{"CreatedDate = LAST_MONTH", 1}, {"CreatedDate < THIS_YEAR", 1}, {"CreatedDate = LAST_N_FISCAL_QUARTERS:2", 1},
		{"CreatedDate >= LAST_N_DAYS:30", 3}, {"CreatedDate = THIS_WEEK", 2},
	}
	for _, tt := range tests {
		res, err := sf.Query("SELECT Id FROM Lead WHERE " + tt.where)
		if err != nil || res.TotalSize != tt.want {
			t.Errorf("%s: %v rows, err %v; want %d", tt.where, res, err, tt.want)
		}
	}
	if res, err := sf.Query("SELECT Id FROM Opportunity WHERE CloseDate = N_DAYS_AGO:3"); err != nil || res.TotalSize != 1 {
		t.Errorf("date field: %v %v", res, err)
	}
	_, err := sf.Query("SELECT Id FROM Lead WHERE CreatedDate = LAST_N_DAYS")
	sfErr(t, err, 400, "MALFORMED_QUERY")
}
