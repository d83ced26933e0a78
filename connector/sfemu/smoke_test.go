package sfemu

import "testing"

func TestSmoke(t *testing.T) {
	_, c := testOrg(t, Options{Seed: 7})
	for _, q := range []string{
		"SELECT Id, Name, Account.Name, (SELECT ContactId, Contact.Email FROM OpportunityContactRoles) FROM Opportunity LIMIT 2",
		"SELECT Id, Naem FROM Account",
		"select count() from XYZZY",
		"select count() from Lead",
		"SELECT Id, Email, Owner.Email FROM Lead WHERE Email LIKE '%gmail%' AND CreatedDate > 2020-01-01T00:00:00Z ORDER BY Email DESC NULLS LAST LIMIT 2",
	} {
		st, b, _ := c.do("GET", "/query?q="+urlq(q), nil)
		t.Logf("%d %s", st, b)
	}
	st, b, _ := c.do("GET", "/sobjects/Lead/describe", nil)
	t.Logf("%d %d", st, len(b))
}
