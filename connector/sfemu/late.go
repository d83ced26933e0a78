package sfemu

import (
	"fmt"
	"time"
)

// Late commits: a long transaction (batch Apex, a flow, a bulk load, a data
// loader run) stamps its records when it starts and makes them visible when it
// commits, minutes later — behind records a poller has already read.
// Options.LateCommitLag (--late-commits) does that to every write; InsertLate
// and UpdateLate to one.

// InsertLate inserts a record as a transaction that started lag ago commits
// it now: SystemModstamp, CreatedDate and LastModifiedDate are lag in the past.
// It does not count an API call.
func (s *Server) InsertLate(objectName string, fields map[string]any, lag time.Duration) (string, error) {
	o, err := s.object(objectName)
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.stampLate(lag)()
	r, aerr := s.create(o, fields, modeDirect)
	if aerr != nil {
		return "", fmt.Errorf("sfemu: insert %s late: %w", o.Name, aerr)
	}
	return r.id(), nil
}

// UpdateLate changes a record as a transaction that started lag ago commits
// it now (SystemModstamp and LastModifiedDate lag in the past).
func (s *Server) UpdateLate(objectName, id string, fields map[string]any, lag time.Duration) error {
	o, err := s.object(objectName)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.stampLate(lag)()
	if _, aerr := s.update(o, id, fields, modeDirect); aerr != nil {
		return fmt.Errorf("sfemu: update %s %s late: %w", o.Name, id, aerr)
	}
	return nil
}

// stampLate makes the writes until the returned func runs share a stamp lag
// in the past; callers hold s.mu for writing.
func (s *Server) stampLate(lag time.Duration) func() {
	s.txStamp = formatTime(s.now().UTC().Add(-lag).Truncate(time.Millisecond))
	return func() { s.txStamp = "" }
}
