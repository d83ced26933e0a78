package outbound

import (
	"context"
	"errors"
	"net"
	"strings"

	"github.com/refsync/refsync/connector/salesforce"
)

// verdict is what one Salesforce error code means for a job.
type verdict struct {
	transient bool
	words     string // what a person reads, before Salesforce's own message
}

// codes is the one table from Salesforce error codes to transient or
// permanent. A per-record refusal not listed is permanent (Salesforce said
// no to this record: trying again says no again); a failed call not listed
// is transient (the record was not looked at).
var codes = map[string]verdict{
	"UNABLE_TO_LOCK_ROW":     {true, "another process in Salesforce held the record (UNABLE_TO_LOCK_ROW); tried again later"},
	"REQUEST_LIMIT_EXCEEDED": {true, "Salesforce refused more API requests for now (REQUEST_LIMIT_EXCEEDED); tried again later"},
	"SERVER_UNAVAILABLE":     {true, "Salesforce was unavailable (SERVER_UNAVAILABLE); tried again later"},
	// A field the settings name that the integration user may not see or
	// write is the connection's problem, not the record's: it heals when an
	// admin fixes field-level security or the settings, so the jobs wait.
	"INVALID_FIELD":                   {true, "the integration user cannot see a field the settings name (field-level security, or it was renamed): fix it in Salesforce or under Settings; tried again later"},
	"INVALID_FIELD_FOR_INSERT_UPDATE": {true, "the integration user may not write a field the settings name (field-level security): make it editable in Salesforce or remove it under Settings; tried again later"},
	"QUERY_TIMEOUT":                   {true, "Salesforce timed out (QUERY_TIMEOUT); tried again later"},
	"REQUEST_RUNNING_TOO_LONG":        {true, "Salesforce timed out (REQUEST_RUNNING_TOO_LONG); tried again later"},
}

// RecordError is Salesforce refusing one record of a batch (a per-record
// result, not a failed call); kinds wrap per-record errors in it.
type RecordError struct{ Err error }

func (e *RecordError) Error() string { return e.Err.Error() }
func (e *RecordError) Unwrap() error { return e.Err }

// Record wraps a per-record refusal (nil stays nil).
func Record(err error) error {
	if err == nil {
		return nil
	}
	return &RecordError{Err: err}
}

// permanentError is a failure the kind knows trying again cannot mend.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// Permanent marks err as one that trying again cannot mend (the job fails at once).
func Permanent(err error) error { return &permanentError{err} }

// Classify says whether a job that failed with err may succeed when tried
// again, and gives the words a person reads (Salesforce's own code and
// message included).
func Classify(err error) (words string, transient bool) {
	if err == nil {
		return "", false
	}
	msg := err.Error()
	var pe *permanentError
	if errors.As(err, &pe) {
		return msg, false
	}
	var ae *salesforce.APIError
	if errors.As(err, &ae) {
		if v, ok := codes[ae.Code]; ok {
			return ae.Code + ": " + ae.Message + " — " + v.words, v.transient
		}
	}
	var re *RecordError
	if errors.As(err, &re) {
		if ae != nil {
			return ae.Code + ": " + ae.Message, false
		}
		return msg, isTimeout(err)
	}
	return msg, true
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) ||
		strings.Contains(strings.ToLower(err.Error()), "timed out")
}
