package salesforce

import (
	"encoding/json"
	"errors"
	"testing"
)

// A composite/sobjects answer in which a duplicate rule refused the second
// record, shaped as Salesforce documents DuplicateResult, MatchResult and
// MatchRecord: the error names the existing record.
const duplicateAnswer = `[
 {"id":"00Q5g00000AbCdEAAA","success":true,"errors":[]},
 {"success":false,"errors":[{"statusCode":"DUPLICATES_DETECTED","message":"Use one of these records?","fields":[],
  "duplicateResult":{"allowSave":false,"duplicateRule":"Standard_Lead_Duplicate_Rule","duplicateRuleEntityType":"Lead",
   "errorMessage":"Use one of these records?","matchResults":[{"entityType":"Lead","errors":[],"matchEngine":"FuzzyMatchEngine",
   "matchRecords":[{"additionalInformation":[],"fieldDiffs":[],"matchConfidence":100.0,
    "record":{"attributes":{"type":"Lead","url":"/services/data/v62.0/sobjects/Lead/00Q5g00000XyZwVAAA"},"Id":"00Q5g00000XyZwVAAA"}}],
   "rule":"Standard_Lead_Match_Rule_v1_0","size":1,"success":true}]}}]}
]`

func TestDuplicateRuleNamesTheExistingRecord(t *testing.T) {
	var answers []collectionAnswer
	if err := json.Unmarshal([]byte(duplicateAnswer), &answers); err != nil {
		t.Fatal(err)
	}
	e := answers[1].Errors[0].apiError(0)
	if !errors.Is(e, ErrDuplicate) || len(e.Duplicates) != 1 || e.Duplicates[0] != (Duplicate{Object: "Lead", ID: "00Q5g00000XyZwVAAA"}) {
		t.Fatalf("error = %+v, want DUPLICATES_DETECTED naming Lead 00Q5g00000XyZwVAAA", e)
	}
	if ok := answers[0].Errors; len(ok) != 0 {
		t.Fatalf("the saved record has errors %v", ok)
	}
}
