package sfemu

import "testing"

func TestPopulatedDealsTieThroughSimpleforce(t *testing.T) {
	s, _ := testOrg(t, Options{})
	st, err := s.Populate(3, Generate(3, 300))
	if err != nil {
		t.Fatal(err)
	}
	if st.ReferralDeals < 20 || st.MassUpdated < 3 {
		t.Fatalf("populated %d deals, %d mass-updated", st.ReferralDeals, st.MassUpdated)
	}
	sf := simpleforceClient(t, s)
	res, err := sf.Query("SELECT SystemModstamp FROM Referral_Deal__c WHERE Stage__c = 'Qualified' ORDER BY SystemModstamp DESC")
	if err != nil {
		t.Fatal(err)
	}
	tied := 0
	for _, r := range res.Records {
		if r.StringField("SystemModstamp") == res.Records[0].StringField("SystemModstamp") {
			tied++
		}
	}
	if tied != st.MassUpdated {
		t.Fatalf("%d Qualified deals share the last stamp, want the %d mass-updated ones", tied, st.MassUpdated)
	}
}
