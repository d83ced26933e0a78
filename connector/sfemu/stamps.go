package sfemu

import "fmt"

// BulkUpdate changes the same fields on many records of one object in one
// transaction, as a data load or mass update does: they all get one
// SystemModstamp and LastModifiedDate. It does not count API calls; an
// error leaves the records changed before it.
func (s *Server) BulkUpdate(objectName string, ids []string, fields map[string]any) error {
	return s.eachInTx("bulk update", objectName, ids, func(o *object, id string) *APIError {
		_, aerr := s.update(o, id, fields, modeDirect)
		return aerr
	})
}

// SystemTouch moves the SystemModstamp of records without a user change,
// as the org's own processes do (sharing or roll-up recalculation, a
// managed package's batch job): LastModifiedDate and every other field stay.
// All the records share one stamp. It does not count API calls.
func (s *Server) SystemTouch(objectName string, ids ...string) error {
	return s.eachInTx("system touch", objectName, ids, func(o *object, id string) *APIError {
		old, aerr := s.live(o, id)
		if aerr != nil {
			return aerr
		}
		m := copyMap(old.f)
		m["SystemModstamp"] = s.stamp()
		s.put(newRecord(o, m))
		return nil
	})
}

// eachInTx runs fn on each record id of one object inside one transaction
// (so they share one stamp), stopping at the first error, which names what
// was being done.
func (s *Server) eachInTx(what, objectName string, ids []string, fn func(o *object, id string) *APIError) error {
	o, err := s.object(objectName)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var first error
	s.inTx(func() {
		for _, id := range ids {
			if aerr := fn(o, id); aerr != nil {
				first = fmt.Errorf("sfemu: %s %s %s: %w", what, o.Name, id, aerr)
				return
			}
		}
	})
	return first
}
