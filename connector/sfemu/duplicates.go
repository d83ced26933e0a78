package sfemu

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
)

// Duplicate rules: SetDuplicateRule("Lead", "Email", true) (or --duplicate-rule
// Lead.Email) makes a create through the API whose field equals a live
// record's answer 400 DUPLICATES_DETECTED ("Use one of these records?") with
// the duplicateResult naming the existing record, as an org's active
// duplicate rule with the Block action does. Direct inserts (Insert) pass.

// dupState holds the active duplicate rules: lower object name → field.
type dupState struct {
	mu    sync.Mutex
	rules map[string]string
}

// SetDuplicateRule turns a blocking duplicate rule on object's field on or off.
func (s *Server) SetDuplicateRule(objectName, fieldName string, on bool) error {
	o, err := s.object(objectName)
	if err != nil {
		return err
	}
	f := o.byLower[strings.ToLower(fieldName)]
	if f == nil {
		return fmt.Errorf("sfemu: duplicate rule: %s has no field %q", o.Name, fieldName)
	}
	s.dups.mu.Lock()
	defer s.dups.mu.Unlock()
	if s.dups.rules == nil {
		s.dups.rules = map[string]string{}
	}
	if on {
		s.dups.rules[strings.ToLower(o.Name)] = f.Name
	} else {
		delete(s.dups.rules, strings.ToLower(o.Name))
	}
	return nil
}

// duplicateOf answers DUPLICATES_DETECTED when a rule on o finds a live record
// with m's value; callers hold s.mu.
func (s *Server) duplicateOf(o *object, m map[string]any) *APIError {
	s.dups.mu.Lock()
	field := s.dups.rules[strings.ToLower(o.Name)]
	s.dups.mu.Unlock()
	v, _ := m[field].(string)
	if field == "" || strings.TrimSpace(v) == "" {
		return nil
	}
	for _, r := range s.matching(o, o.byLower[strings.ToLower(field)], v) {
		e := apiErr(http.StatusBadRequest, "DUPLICATES_DETECTED", "Use one of these records?")
		e.Extra = map[string]any{"duplicateResult": map[string]any{
			"allowSave": false, "duplicateRule": "Standard_" + o.Name + "_Duplicate_Rule", "duplicateRuleEntityType": o.Name,
			"errorMessage": "Use one of these records?",
			"matchResults": []any{map[string]any{"entityType": o.Name, "errors": []any{}, "matchEngine": "ExactMatchEngine",
				"rule": "Standard_" + o.Name + "_Match_Rule_v1_0", "size": 1, "success": true,
				"matchRecords": []any{map[string]any{"additionalInformation": []any{}, "fieldDiffs": []any{}, "matchConfidence": 100.0,
					"record": map[string]any{"attributes": map[string]any{"type": o.Name, "url": "/services/data/v" + APIVersion + "/sobjects/" + o.Name + "/" + r.id()},
						"Id": r.id()}}}}}}}
		return e
	}
	return nil
}
