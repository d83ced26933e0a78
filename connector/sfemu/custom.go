package sfemu

import (
	"fmt"
	"strings"
)

// Referral_Deal__c is the demo org's custom object: a deal a referral led to,
// with a lookup to Account (Account__c / Account__r, child relationship
// Referral_Deals__r) and a restricted Stage__c picklist.

// referralDealStages are the values of Referral_Deal__c.Stage__c, in order.
var referralDealStages = []string{"Referred", "Qualified", "Proposal", "Closed Won", "Closed Lost"}

var referralDealFields = append([]fieldSpec{
	{"Id", "id", "Record ID", 18, false, false, nil, ""},
	{"IsDeleted", "boolean", "Deleted", 0, false, false, nil, ""},
	{"Name", "string", "Referral Deal Name", 80, true, true, nil, ""},
	{"Account__c", "reference", "Account", 18, true, true, []string{"Account"}, "Account__r"},
	{"Stage__c", "picklist", "Stage", 255, true, true, nil, ""},
	{"Amount__c", "currency", "Amount", 0, true, true, nil, ""},
	{"Referral_ID__c", "string", "Referral ID", 255, true, true, nil, ""},
}, commonTail...)

// referralDealObject builds Referral_Deal__c from the field specs.
func referralDealObject(base map[string]any, tmpl map[string]map[string]any) *object {
	o := synthObject(base, tmpl, "Referral_Deal__c", "Referral Deals", "a05", referralDealFields)
	o.raw["custom"], o.raw["label"] = true, "Referral Deal"
	for _, f := range o.Fields {
		if strings.HasSuffix(f.Name, "__c") {
			f.raw["custom"] = true
		}
		switch f.Name {
		case "Referral_ID__c":
			f.ExternalID, f.IDLookup = true, true
			f.raw["externalId"], f.raw["idLookup"] = true, true
		case "Stage__c":
			vals := make([]any, 0, len(referralDealStages))
			for i, v := range referralDealStages {
				vals = append(vals, map[string]any{"active": true, "defaultValue": i == 0, "label": v, "validFor": nil, "value": v})
			}
			f.raw["picklistValues"], f.raw["restrictedPicklist"] = vals, true
		}
	}
	return o
}

// checkPicklist refuses a value outside a restricted custom picklist, as the
// org does (INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST).
func checkPicklist(f *field, v string) *APIError {
	if f.Type != "picklist" || f.raw["custom"] != true || f.raw["restrictedPicklist"] != true {
		return nil
	}
	vals, _ := f.raw["picklistValues"].([]any)
	for _, pv := range vals {
		if m, ok := pv.(map[string]any); ok && m["value"] == v {
			return nil
		}
	}
	return apiErr(400, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", fmt.Sprintf("%s: bad value for restricted picklist field: %s", label(f), v), f.Name)
}
