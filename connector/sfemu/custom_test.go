package sfemu

import "testing"

func TestReferralDealThroughSimpleforce(t *testing.T) {
	s, _ := testOrg(t, Options{})
	acc, _ := s.Insert("Account", map[string]any{"Name": "Acme"})
	sf := simpleforceClient(t, s)
	deal := sf.SObject("Referral_Deal__c").Set("Name", "Acme renewal").Set("Account__c", acc).Set("Stage__c", "Qualified").
		Set("Amount__c", 1200.5).Set("Referral_ID__c", "R-9")
	if deal.Create() == nil {
		t.Fatal("create Referral_Deal__c failed")
	}
	if sf.SObject("Referral_Deal__c").Set("Name", "X").Set("Stage__c", "Maybe").Create() != nil {
		t.Fatal("a stage outside the restricted picklist was accepted")
	}
	res, err := sf.Query("SELECT Name, Stage__c, Amount__c, Account__r.Name FROM Referral_Deal__c WHERE Referral_ID__c = 'R-9'")
	if err != nil || res.TotalSize != 1 {
		t.Fatalf("%v %v", res, err)
	}
	r := res.Records[0]
	if r.StringField("Stage__c") != "Qualified" || r.InterfaceField("Amount__c") != 1200.5 || r.InterfaceField("Account__r").(map[string]any)["Name"] != "Acme" {
		t.Fatalf("deal: %v", r)
	}
	res, err = sf.Query("SELECT Name, (SELECT Name, Stage__c FROM Referral_Deals__r) FROM Account")
	if err != nil || res.Records[0].InterfaceField("Referral_Deals__r").(map[string]any)["totalSize"] != 1.0 {
		t.Fatalf("child relationship: %v %v", res, err)
	}
	meta := *sf.SObject("Referral_Deal__c").Describe()
	if meta["custom"] != true || meta["keyPrefix"] != "a05" {
		t.Fatalf("describe: custom %v prefix %v", meta["custom"], meta["keyPrefix"])
	}
	stages := 0
	for _, f := range meta["fields"].([]any) {
		if fm := f.(map[string]any); fm["name"] == "Stage__c" {
			stages = len(fm["picklistValues"].([]any))
		}
	}
	if stages != len(referralDealStages) {
		t.Fatalf("Stage__c lists %d values", stages)
	}
	acct := *sf.SObject("Account").Describe()
	found := false
	for _, cr := range acct["childRelationships"].([]any) {
		found = found || cr.(map[string]any)["relationshipName"] == "Referral_Deals__r"
	}
	if !found {
		t.Fatal("Account describe lacks the Referral_Deals__r child relationship")
	}
}
