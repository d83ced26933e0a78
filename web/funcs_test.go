package web

import (
	"testing"
	"time"
)

func TestAgoAndWhen(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ ts, want string }{
		{"", "never"},
		{"garbage", "never"},
		{"2026-03-10T11:59:30.000000Z", "less than a minute ago"},
		{"2026-03-10T11:59:00.000000Z", "1 minute ago"},
		{"2026-03-10T09:00:00.000000Z", "3 hours ago"},
		{"2026-03-08T12:00:00Z", "2 days ago"}, // RFC 3339 as Salesforce writes it
		{"2026-03-09T00:00:00.000000Z", "36 hours ago"},
	} {
		if got := ago(tc.ts, now); got != tc.want {
			t.Errorf("ago(%q) = %q, want %q", tc.ts, got, tc.want)
		}
	}
	for ts, want := range map[string]string{"": "—", "2026-03-10T11:59:30.123456Z": "2026-03-10 11:59 UTC", "2026-03-10T13:59:30+02:00": "2026-03-10 11:59 UTC", "soon": "soon",
		"2026-11-20T23:56:08.220+0000": "2026-11-20 23:56 UTC"} {
		if got := when(ts); got != want {
			t.Errorf("when(%q) = %q, want %q", ts, got, want)
		}
	}
}

func TestQueryAndSentence(t *testing.T) {
	if got := query("a", "1", "b", "", "c", "x y"); got != "?a=1&c=x+y" {
		t.Errorf("query = %q", got)
	}
	if got := query("a", ""); got != "?" {
		t.Errorf("empty query = %q", got)
	}
	for in, want := range map[string]string{
		"conflict: entry 5 was already processed":                               "Entry 5 was already processed.",
		"connector: reconnect: invalid: no Salesforce connection is configured": "Reconnect: invalid: no Salesforce connection is configured.",
		"invalid: pick the referral.":                                           "Pick the referral.",
	} {
		if got := sentence(in); got != want {
			t.Errorf("sentence(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWhoOf(t *testing.T) {
	for _, tc := range []struct {
		snap map[string]any
		want who
	}{
		{map[string]any{"FirstName": "Ann", "LastName": "Lee", "Email": "a@x.test", "Company": "Acme"}, who{"Ann Lee", "a@x.test", "Acme"}},
		{map[string]any{"Contact.FirstName": "Bo", "Contact.LastName": "Kim", "Contact.Email": "bo@y.test", "Account.Name": "Y Ltd", "Name": "Y Ltd - 10 seats"}, who{"Bo Kim", "bo@y.test", "Y Ltd"}},
		{map[string]any{"Name": "Acme", "Account.Name": "Acme"}, who{"Acme", "", ""}},
		{map[string]any{"LastName": "Solo", "Email": nil}, who{"Solo", "", ""}},
		{nil, who{}},
	} {
		if got := whoOf(tc.snap); got != tc.want {
			t.Errorf("whoOf(%v) = %+v, want %+v", tc.snap, got, tc.want)
		}
	}
}

// Counts read as words: "1 member", "2 entries", "1 second".
func TestPluralWords(t *testing.T) {
	for _, c := range []struct {
		n    int
		unit string
		want string
	}{{1, "member", "1 member"}, {2, "member", "2 members"}, {1, "entry", "1 entry"}, {3, "entry", "3 entries"}, {1, "second", "1 second"}, {0, "key", "0 keys"}} {
		if got := plural(c.n, c.unit); got != c.want {
			t.Errorf("plural(%d, %q) = %q, want %q", c.n, c.unit, got, c.want)
		}
	}
}
