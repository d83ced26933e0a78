package connector_test

import (
	"testing"

	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// An Opportunity with two contact roles, in an org that pages child lists one
// row at a time: the first row's contact fuzzily matches a referral, but with
// two contacts the 1-to-many rule gives no contact, so the won deal must go to
// review — never approve the referral of whichever contact came first.
func TestPagedContactRolesAreNotTakenAsOne(t *testing.T) {
	e := newEnv(t, func(o *sfemuOptions, _ *rulesT) { o.ChildPageSize = 1 })
	ref := e.referral(&store.Referral{FirstName: "Dana", LastName: "First", Email: "dana.first@example.com"})
	c1 := e.insert("Contact", map[string]any{"FirstName": "Dana", "LastName": "First", "Email": "dana.first@example.com"})
	c2 := e.insert("Contact", map[string]any{"FirstName": "Eli", "LastName": "Second", "Email": "eli.second@example.com"})
	opp := e.insert("Opportunity", map[string]any{"StageName": "Closed Won"})
	for _, c := range []string{c1, c2} {
		e.insert("OpportunityContactRole", map[string]any{"OpportunityId": opp, "ContactId": c})
	}
	e.sync()
	if got := e.status(ref.ID); got != "pending" {
		t.Fatalf("referral %s: the deal of two contacts set it %s", ref.ID, got)
	}
	ent := e.entryOf(opp)
	if ent.Outcome != matching.EntryReview || ent.Snapshot["Contact.Id"] != nil {
		t.Fatalf("entry: outcome %s reason %s, Contact.Id %v", ent.Outcome, ent.Reason, ent.Snapshot["Contact.Id"])
	}
}

// Two roles of the same contact, paged: the rest is fetched, and one contact is one contact.
func TestPagedContactRolesOfOneContactCountOnce(t *testing.T) {
	e := newEnv(t, func(o *sfemuOptions, _ *rulesT) { o.ChildPageSize = 1 })
	ref := e.referral(&store.Referral{FirstName: "Fay", LastName: "Only", Email: "fay.only@example.com"})
	c := e.insert("Contact", map[string]any{"FirstName": "Fay", "LastName": "Only", "Email": "fay.only@example.com"})
	opp := e.insert("Opportunity", map[string]any{"StageName": "Closed Won"})
	for _, role := range []string{"Decision Maker", "Economic Buyer"} {
		e.insert("OpportunityContactRole", map[string]any{"OpportunityId": opp, "ContactId": c, "Role": role})
	}
	e.sync()
	if got := e.status(ref.ID); got != "approved" {
		ent := e.entryOf(opp)
		t.Fatalf("referral of the one contact: %s (entry %s %s, Contact.Id %v)", got, ent.Outcome, ent.Reason, ent.Snapshot["Contact.Id"])
	}
}
