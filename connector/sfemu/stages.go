package sfemu

import "strings"

// OpportunityStage and LeadStatus: the rows behind the StageName and Status
// picklists, with the meaning of each value (IsWon, IsClosed; IsConverted,
// IsDefault), following Options.WonStage and Options.ConvertedStatus. Read
// only, as in the org: `SELECT ApiName FROM OpportunityStage WHERE IsWon = true`
// names the stage that counts as won, whatever it is called.

var stageFields = []fieldSpec{
	{"Id", "id", "Opportunity Stage ID", 18, false, false, nil, ""},
	{"MasterLabel", "string", "Master Label", 255, false, false, nil, ""},
	{"ApiName", "string", "Api Name", 255, false, false, nil, ""},
	{"IsActive", "boolean", "Is Active", 0, false, false, nil, ""},
	{"IsClosed", "boolean", "Closed", 0, false, false, nil, ""},
	{"IsWon", "boolean", "Won", 0, false, false, nil, ""},
	{"SortOrder", "int", "Sort Order", 0, false, false, nil, ""},
	{"CreatedDate", "datetime", "Created Date", 0, false, false, nil, ""},
	{"LastModifiedDate", "datetime", "Last Modified Date", 0, false, false, nil, ""},
	{"SystemModstamp", "datetime", "System Modstamp", 0, false, false, nil, ""},
}

var leadStatusFields = []fieldSpec{
	{"Id", "id", "Lead Status Value ID", 18, false, false, nil, ""},
	{"MasterLabel", "string", "Master Label", 255, false, false, nil, ""},
	{"ApiName", "string", "Api Name", 255, false, false, nil, ""},
	{"IsConverted", "boolean", "Is Converted", 0, false, false, nil, ""},
	{"IsDefault", "boolean", "Is Default", 0, false, false, nil, ""},
	{"SortOrder", "int", "Sort Order", 0, false, false, nil, ""},
	{"CreatedDate", "datetime", "Created Date", 0, false, false, nil, ""},
	{"LastModifiedDate", "datetime", "Last Modified Date", 0, false, false, nil, ""},
	{"SystemModstamp", "datetime", "System Modstamp", 0, false, false, nil, ""},
}

// ensurePicklistRows stores one OpportunityStage row per StageName value and
// one LeadStatus row per Status value when the org has none yet (after the
// renames); callers hold no lock.
func (s *Server) ensurePicklistRows() {
	const ts = "2020-01-06T09:00:00.000+0000" // as old as the org
	rows := func(object, picklistOf, field string, meaning func(value string) map[string]any) {
		o, src := s.schema.lookup(object), s.schema.lookup(picklistOf)
		if o == nil || src == nil || len(s.Records(object)) > 0 {
			return
		}
		f := src.byLower[strings.ToLower(field)]
		if f == nil {
			return
		}
		vals, _ := f.raw["picklistValues"].([]any)
		s.mu.Lock()
		defer s.mu.Unlock()
		for i, v := range vals {
			pv, _ := v.(map[string]any)
			value, _ := pv["value"].(string)
			label, _ := pv["label"].(string)
			m := map[string]any{"Id": s.nextID(o), "MasterLabel": label, "ApiName": value, "SortOrder": float64(i + 1),
				"CreatedDate": ts, "LastModifiedDate": ts, "SystemModstamp": ts}
			for k, x := range meaning(value) {
				m[k] = x
			}
			s.put(newRecord(o, m))
		}
	}
	won := s.wonStage()
	rows("OpportunityStage", "Opportunity", "StageName", func(v string) map[string]any {
		return map[string]any{"IsActive": true, "IsWon": v == won, "IsClosed": v == won || v == "Closed Lost"}
	})
	converted := s.convertedStatus()
	rows("LeadStatus", "Lead", "Status", func(v string) map[string]any {
		return map[string]any{"IsConverted": v == converted, "IsDefault": v == "Open - Not Contacted"}
	})
}
