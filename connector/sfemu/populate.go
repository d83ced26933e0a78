package sfemu

import (
	"fmt"
	"math/rand/v2"
)

// Populated counts what Populate created.
type Populated struct {
	Leads, ConvertedLeads, Contacts, Accounts, Opportunities, ContactRoles int
	ReferralDeals                                                          int // Referral_Deal__c records under the accounts
	MassUpdated                                                            int // deals moved to Qualified in one mass update (one shared stamp)
}

// Populate writes CRM records for people (without counting API calls) and
// fills each Person's record ids: about 45 % become open Leads, 15 % Leads
// that are then converted, 30 % Contacts under an Account (most with an
// Opportunity and a contact role), 10 % nothing at all. About 10 % of the
// records carry the person's ReferralID in Referral_ID__c. About half the
// accounts get Referral_Deal__c records, part of them mass-updated at once.
func (s *Server) Populate(seed int64, people []Person) (Populated, error) {
	v := variant{rng: rand.New(rand.NewPCG(uint64(seed), 0x9e3779b9))}
	var st Populated
	accounts := map[string]string{}
	for i := range people {
		p := &people[i]
		var err error
		switch k := v.rng.IntN(100); {
		case k < 60:
			err = s.populateLead(v, p, k >= 45, &st)
		case k < 90:
			err = s.populateContact(v, p, accounts, &st)
		}
		if err != nil {
			return st, fmt.Errorf("sfemu: populate person %d: %w", i, err)
		}
	}
	return st, s.populateDeals(seed, people, &st)
}

func (s *Server) populateLead(v variant, p *Person, convert bool, st *Populated) error {
	company := v.company(*p)
	if v.chance(5) {
		company = "[not provided]"
	}
	last := v.last(*p)
	lead := map[string]any{"FirstName": v.first(*p), "LastName": last, "Company": company, "Email": v.email(*p),
		"Phone": v.phone(*p), "City": p.City, "State": p.State, "PostalCode": p.PostalCode, "LeadSource": "Partner Referral"}
	if v.chance(10) {
		lead["Referral_ID__c"], p.TaggedReferralID = p.ReferralID, true
	}
	if v.chance(30) {
		lead["Member_Code__c"] = fmt.Sprintf("M%05d", v.rng.IntN(100000))
	}
	id, err := s.Insert("Lead", lead)
	if err != nil {
		return err
	}
	p.LeadID = id
	st.Leads++
	if !convert {
		return nil
	}
	c, err := s.ConvertLead(id)
	if err != nil {
		return err
	}
	p.Converted, p.ContactID, p.AccountID, p.OpportunityID = true, c.ContactID, c.AccountID, c.OpportunityID
	st.ConvertedLeads++
	st.Accounts++
	st.Contacts++
	st.Opportunities++
	st.ContactRoles++
	return nil
}

func (s *Server) populateContact(v variant, p *Person, accounts map[string]string, st *Populated) error {
	acc, ok := accounts[p.Company]
	if !ok {
		var err error
		acc, err = s.Insert("Account", map[string]any{"Name": v.company(*p), "BillingCity": p.City, "BillingState": p.State,
			"BillingPostalCode": p.PostalCode, "Industry": pick(v.rng, []string{"Technology", "Finance", "Retail", "Healthcare"})})
		if err != nil {
			return err
		}
		accounts[p.Company] = acc
		st.Accounts++
	}
	contact := map[string]any{"FirstName": v.first(*p), "LastName": v.last(*p), "Email": v.email(*p), "Phone": v.phone(*p),
		"AccountId": acc, "MailingCity": p.City, "MailingState": p.State, "MailingPostalCode": p.PostalCode}
	if v.chance(10) {
		contact["Referral_ID__c"], p.TaggedReferralID = p.ReferralID, true
	}
	cid, err := s.Insert("Contact", contact)
	if err != nil {
		return err
	}
	p.ContactID, p.AccountID = cid, acc
	st.Contacts++
	if !v.chance(60) {
		return nil
	}
	stages := []string{"Prospecting", "Qualification", "Proposal/Price Quote", "Negotiation/Review", "Closed Won", "Closed Lost"}
	opp := map[string]any{"Name": p.Company + " - " + p.LastName, "StageName": pick(v.rng, stages), "AccountId": acc,
		"CloseDate": s.clock().AddDate(0, 0, v.rng.IntN(120)-30).Format("2006-01-02"), "Amount": float64(1000 * (1 + v.rng.IntN(200)))}
	if v.chance(10) {
		opp["Referral_ID__c"], p.TaggedReferralID = p.ReferralID, true
	}
	oid, err := s.Insert("Opportunity", opp)
	if err != nil {
		return err
	}
	p.OpportunityID = oid
	st.Opportunities++
	if _, err := s.Insert("OpportunityContactRole", map[string]any{"OpportunityId": oid, "ContactId": cid, "IsPrimary": true, "Role": "Decision Maker"}); err != nil {
		return err
	}
	st.ContactRoles++
	return nil
}
