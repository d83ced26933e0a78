package sfemu

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// create inserts a record; callers hold s.mu for writing.
func (s *Server) create(o *object, in map[string]any, mode writeMode) (*record, *APIError) {
	m, err := s.apply(o, nil, in, mode)
	if err != nil {
		return nil, err
	}
	if dup := s.duplicateOf(o, m); dup != nil && mode != modeDirect {
		return nil, dup
	}
	ts := s.stamp()
	m["Id"] = s.nextID(o)
	defaults := map[string]any{"IsDeleted": false, "CreatedDate": ts, "LastModifiedDate": ts, "SystemModstamp": ts,
		"CreatedById": s.userID, "LastModifiedById": s.userID, "OwnerId": s.userID, "CurrencyIsoCode": s.corporateCurrency()}
	if o.Name == "Lead" {
		defaults["Status"], defaults["IsConverted"], defaults["IsUnreadByOwner"] = "Open - Not Contacted", false, false
	}
	for k, v := range defaults {
		if _, set := m[k]; !set && o.byLower[strings.ToLower(k)] != nil {
			m[k] = v
		}
	}
	if mode != modeDirect {
		m["CreatedDate"], m["LastModifiedDate"], m["SystemModstamp"] = ts, ts, ts
	}
	for _, f := range o.Fields {
		if _, ok := m[f.Name]; !ok && f.Type == "boolean" {
			m[f.Name] = false
		}
	}
	r := newRecord(o, m)
	s.put(r)
	return r, nil
}

// update changes a record; callers hold s.mu for writing.
func (s *Server) update(o *object, id string, in map[string]any, mode writeMode) (*record, *APIError) {
	old, err := s.live(o, id)
	if err != nil {
		return nil, err
	}
	m, err := s.apply(o, old.f, in, mode)
	if err != nil {
		return nil, err
	}
	ts := s.stamp()
	m["LastModifiedDate"], m["SystemModstamp"], m["LastModifiedById"] = ts, ts, s.userID
	r := newRecord(o, m)
	s.put(r)
	return r, nil
}

// remove soft-deletes a record (queryAll still sees it); callers hold s.mu.
func (s *Server) remove(o *object, id string) *APIError {
	old, err := s.live(o, id)
	if err != nil {
		return err
	}
	m := make(map[string]any, len(old.f))
	for k, v := range old.f {
		m[k] = v
	}
	ts := s.stamp()
	m["IsDeleted"], m["LastModifiedDate"], m["SystemModstamp"] = true, ts, ts
	s.put(newRecord(o, m))
	return nil
}

// live returns the undeleted record o/id or the error Salesforce gives.
func (s *Server) live(o *object, id string) (*record, *APIError) {
	nid, ok := normID(id)
	if !ok || nid[:3] != o.KeyPrefix {
		return nil, apiErr(http.StatusBadRequest, "MALFORMED_ID", fmt.Sprintf("%s ID: id value of incorrect type: %s", o.Name, id), "Id")
	}
	r := s.find(nid)
	if r == nil {
		return nil, errNotFound()
	}
	if r.deleted() {
		return nil, apiErr(http.StatusNotFound, "ENTITY_IS_DELETED", "entity is deleted")
	}
	return r, nil
}

func (s *Server) object(name string) (*object, error) {
	o := s.schema.lookup(name)
	if o == nil {
		return nil, fmt.Errorf("sfemu: unknown object %q", name)
	}
	return o, nil
}

// Insert stores a record without counting an API call; any field may be set
// (CreatedDate too). It returns the new 18-character id.
func (s *Server) Insert(objectName string, fields map[string]any) (string, error) {
	o, err := s.object(objectName)
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, aerr := s.create(o, fields, modeDirect)
	if aerr != nil {
		return "", fmt.Errorf("sfemu: insert %s: %w", o.Name, aerr)
	}
	return r.id(), nil
}

// Update changes fields of a record without counting an API call.
func (s *Server) Update(objectName, id string, fields map[string]any) error {
	o, err := s.object(objectName)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, aerr := s.update(o, id, fields, modeDirect); aerr != nil {
		return fmt.Errorf("sfemu: update %s %s: %w", o.Name, id, aerr)
	}
	return nil
}

// Delete soft-deletes a record without counting an API call.
func (s *Server) Delete(objectName, id string) error {
	o, err := s.object(objectName)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if aerr := s.remove(o, id); aerr != nil {
		return fmt.Errorf("sfemu: delete %s %s: %w", o.Name, id, aerr)
	}
	return nil
}

// Get returns a copy of a record's fields (deleted ones too), or nil.
func (s *Server) Get(objectName, id string) map[string]any {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r := s.find(id)
	if r == nil || (objectName != "" && r.obj != s.schema.lookup(objectName)) {
		return nil
	}
	return copyMap(r.f)
}

// Records returns copies of all undeleted records of an object in Id order.
func (s *Server) Records(objectName string) []map[string]any {
	o := s.schema.lookup(objectName)
	if o == nil {
		return nil
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []map[string]any
	for _, r := range s.table(o).rows {
		if !r.deleted() {
			out = append(out, copyMap(r.f))
		}
	}
	return out
}

func copyMap(m map[string]any) map[string]any {
	c := make(map[string]any, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// Conversion holds the records a lead conversion created.
type Conversion struct {
	AccountID, ContactID, OpportunityID string
}

// ConvertLead converts a lead as Salesforce's convertLead does: it creates an
// Account, a Contact and an Opportunity (with a primary contact role) and
// marks the lead converted. It does not count an API call.
func (s *Server) ConvertLead(leadID string) (Conversion, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	lead, aerr := s.live(s.schema.lookup("Lead"), leadID)
	if aerr != nil {
		return Conversion{}, fmt.Errorf("sfemu: convert lead %s: %w", leadID, aerr)
	}
	if lead.f["IsConverted"] == true {
		return Conversion{}, fmt.Errorf("sfemu: convert lead %s: %w", leadID, apiErr(400, "INVALID_STATUS", "Lead already converted"))
	}
	l := lead.f
	company, _ := l["Company"].(string)
	var c Conversion
	steps := []struct {
		obj string
		in  map[string]any
		dst *string
	}{
		{"Account", map[string]any{"Name": company, "Phone": l["Phone"], "BillingCity": l["City"], "BillingState": l["State"], "BillingPostalCode": l["PostalCode"]}, &c.AccountID},
		{"Contact", map[string]any{"FirstName": l["FirstName"], "LastName": l["LastName"], "Email": l["Email"], "Phone": l["Phone"], "Referral_ID__c": l["Referral_ID__c"]}, &c.ContactID},
		{"Opportunity", map[string]any{"Name": company + "-", "StageName": "Prospecting", "Referral_ID__c": l["Referral_ID__c"]}, &c.OpportunityID},
	}
	for _, st := range steps {
		switch st.obj {
		case "Contact":
			st.in["AccountId"] = c.AccountID
		case "Opportunity":
			st.in["AccountId"] = c.AccountID
			st.in["CloseDate"] = s.now().AddDate(0, 1, 0).Format("2006-01-02")
		}
		r, aerr := s.create(s.schema.lookup(st.obj), st.in, modeDirect)
		if aerr != nil {
			return Conversion{}, fmt.Errorf("sfemu: convert lead %s: create %s: %w", leadID, st.obj, aerr)
		}
		*st.dst = r.id()
	}
	ocr := map[string]any{"OpportunityId": c.OpportunityID, "ContactId": c.ContactID, "IsPrimary": true}
	if _, aerr := s.create(s.schema.lookup("OpportunityContactRole"), ocr, modeDirect); aerr != nil {
		return Conversion{}, fmt.Errorf("sfemu: convert lead %s: create contact role: %w", leadID, aerr)
	}
	upd := map[string]any{"IsConverted": true, "ConvertedDate": s.now().Format("2006-01-02"), "Status": s.convertedStatus(),
		"ConvertedAccountId": c.AccountID, "ConvertedContactId": c.ContactID, "ConvertedOpportunityId": c.OpportunityID}
	if _, aerr := s.update(lead.obj, lead.id(), upd, modeDirect); aerr != nil {
		return Conversion{}, fmt.Errorf("sfemu: convert lead %s: %w", leadID, aerr)
	}
	return c, nil
}

// SetClock replaces the clock used for CreatedDate, LastModifiedDate and
// SystemModstamp (stamps stay strictly increasing whatever it returns).
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}
