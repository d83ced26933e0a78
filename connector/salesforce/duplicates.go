package salesforce

// Duplicate is an existing record a Salesforce duplicate rule named when it
// refused a save (DUPLICATES_DETECTED: duplicateResult.matchResults[].matchRecords[].record).
type Duplicate struct {
	Object string // the record's sObject type, e.g. Lead
	ID     string // its id
}

// duplicateResult is the duplicateResult of a DUPLICATES_DETECTED error.
type duplicateResult struct {
	MatchResults []struct {
		EntityType   string `json:"entityType"`
		MatchRecords []struct {
			Record struct {
				Attributes struct {
					Type string `json:"type"`
				} `json:"attributes"`
				ID string `json:"Id"`
			} `json:"record"`
		} `json:"matchRecords"`
	} `json:"matchResults"`
}

// records lists the existing records the rule matched, in Salesforce's order.
func (d *duplicateResult) records() []Duplicate {
	if d == nil {
		return nil
	}
	var out []Duplicate
	for _, m := range d.MatchResults {
		for _, r := range m.MatchRecords {
			if r.Record.ID == "" {
				continue
			}
			obj := r.Record.Attributes.Type
			if obj == "" {
				obj = m.EntityType
			}
			out = append(out, Duplicate{Object: obj, ID: r.Record.ID})
		}
	}
	return out
}
