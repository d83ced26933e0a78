package sfemu

import (
	"fmt"
	"net/http"
)

// Undelete and merge, as an org's users do them: a record restored from the
// recycle bin comes back with its Id and a new SystemModstamp; a merge deletes
// the losing records with MasterRecordId naming the survivor, which is
// stamped anew. Neither counts an API call.

// Undelete restores a deleted record of objectName from the recycle bin.
func (s *Server) Undelete(objectName, id string) error {
	o, err := s.object(objectName)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	nid, ok := normID(id)
	r := s.find(nid)
	if !ok || r == nil || r.obj != o {
		return fmt.Errorf("sfemu: undelete %s %s: %w", o.Name, id, errNotFound())
	}
	if !r.deleted() {
		return fmt.Errorf("sfemu: undelete %s %s: %w", o.Name, id, apiErr(http.StatusBadRequest, "UNDELETE_FAILED", "Entity is not in the recycle bin"))
	}
	m := copyMap(r.f)
	ts := s.stamp()
	m["IsDeleted"], m["LastModifiedDate"], m["SystemModstamp"], m["MasterRecordId"] = false, ts, ts, nil
	s.put(newRecord(o, m))
	return nil
}

// Merge merges losers into master (Leads, Contacts or Accounts, as the org
// allows): each loser is deleted with MasterRecordId = master, and master is
// stamped anew, all in one transaction.
func (s *Server) Merge(objectName, master string, losers ...string) error {
	o, err := s.object(objectName)
	if err != nil {
		return err
	}
	if o.Name != "Lead" && o.Name != "Contact" && o.Name != "Account" {
		return fmt.Errorf("sfemu: merge %s: only Leads, Contacts and Accounts merge", o.Name)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var first error
	s.inTx(func() {
		keep, aerr := s.live(o, master)
		if aerr != nil {
			first = fmt.Errorf("sfemu: merge into %s %s: %w", o.Name, master, aerr)
			return
		}
		for _, id := range losers {
			if aerr := s.remove(o, id); aerr != nil {
				first = fmt.Errorf("sfemu: merge %s %s: %w", o.Name, id, aerr)
				return
			}
			gone := s.find(keepID(id))
			gone.f["MasterRecordId"] = keep.id()
		}
		m := copyMap(keep.f)
		m["SystemModstamp"], m["LastModifiedDate"] = s.stamp(), s.stamp()
		s.put(newRecord(o, m))
	})
	return first
}

// keepID is the 18-character form of a valid id (id itself otherwise).
func keepID(id string) string {
	if nid, ok := normID(id); ok {
		return nid
	}
	return id
}
