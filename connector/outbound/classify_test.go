package outbound

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/refsync/refsync/connector/salesforce"
)

func TestClassifyTransientOrPermanentInWords(t *testing.T) {
	rec := func(code, msg string) error { return Record(&salesforce.APIError{Code: code, Message: msg}) }
	tests := []struct {
		name      string
		err       error
		transient bool
		words     string
	}{
		{"row lock on one record", rec("UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access"), true, "UNABLE_TO_LOCK_ROW"},
		{"limit on one record", rec("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."), true, "REQUEST_LIMIT_EXCEEDED"},
		{"a timeout", Record(fmt.Errorf("write: %w", context.DeadlineExceeded)), true, "deadline"},
		{"duplicate rule", rec("DUPLICATES_DETECTED", "Use one of these records?"), false, "DUPLICATES_DETECTED: Use one of these records?"},
		{"required field", rec("REQUIRED_FIELD_MISSING", "Required fields are missing: [LastName]"), false, "LastName"},
		{"hidden field is the connection's", rec("INVALID_FIELD_FOR_INSERT_UPDATE", "Unable to create/update fields: Foo__c"), true, "field-level security"},
		{"a failed call", errors.New("salesforce: unavailable after 5 attempts"), true, "unavailable"},
		{"marked permanent", Permanent(errors.New("the webhook is switched off")), false, "switched off"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			words, transient := Classify(tc.err)
			if transient != tc.transient || !strings.Contains(words, tc.words) {
				t.Fatalf("Classify = %q, transient %v; want %v and words with %q", words, transient, tc.transient, tc.words)
			}
		})
	}
}
