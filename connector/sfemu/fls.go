package sfemu

import (
	"fmt"
	"maps"
	"strings"
	"time"
)

// SetFieldReadOnly makes objectName.fieldName read only for the integration
// user by field-level security (on), or writable again (off): describe shows
// it createable and updateable false, and an API create or update naming it
// answers 400 INVALID_FIELD_FOR_INSERT_UPDATE. Queries still read it; Insert
// and Update from Go still write it.
func (s *Server) SetFieldReadOnly(objectName, fieldName string, on bool) error {
	o, err := s.object(objectName)
	if err != nil {
		return err
	}
	f := o.byLower[strings.ToLower(fieldName)]
	if f == nil {
		return fmt.Errorf("sfemu: read-only field: %s has no field %q", o.Name, fieldName)
	}
	f.readOnly.Store(on)
	s.schemaAt.Store(time.Now().UnixNano()) // describe answers the change, not 304
	return nil
}

// described is the field's describe entry as the integration user sees it.
func (f *field) described() map[string]any {
	if !f.readOnly.Load() {
		return f.raw
	}
	m := maps.Clone(f.raw)
	m["createable"], m["updateable"] = false, false
	return m
}
