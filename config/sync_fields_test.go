package config

import (
	"strings"
	"testing"
)

// An object without the fields the sync needs is refused on save, with or without describe.
func TestObjectsMustHaveSyncFields(t *testing.T) {
	r := DefaultRules()
	r.Objects = []string{"Lead", "User"}
	if err := r.Validate(); err == nil || !strings.Contains(err.Error(), "objects[1]: User cannot be watched: it has no IsDeleted field") {
		t.Fatalf("Validate: %v", err)
	}
	r.Objects = []string{"Lead", "Log__c"}
	err := r.ValidateSchema(nil, func(o string) (*ObjectSchema, error) {
		if o == "Log__c" {
			return &ObjectSchema{Name: o, Fields: []FieldSchema{{Name: "Id"}, {Name: "IsDeleted"}}}, nil
		}
		return testOrg(o)
	})
	if err == nil || !strings.Contains(err.Error(), "objects[1]: Log__c cannot be watched: it has no SystemModstamp field, which the sync needs (to find changed records)") {
		t.Fatalf("ValidateSchema: %v", err)
	}
}
