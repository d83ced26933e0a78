// Package plain holds the receiver's plain data: the requests it takes, the
// preview it answers, its sentinel errors, how a snapshot's field reads as
// text, and how a failed push names the record a duplicate rule matched. It
// does no I/O and imports neither Salesforce nor SMTP, so web can use these
// types without reaching the packages that send (package connector aliases
// the receiver's names here, and cmd hands web the receiver).
package plain

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Errors the receiver's actions return; test them with errors.Is. The API
// maps them: ErrNotFound → 404, ErrInvalid → 400, ErrConflict → 409,
// anything else → 500.
var (
	ErrNotFound = errors.New("not found")                       // no such entry or referral
	ErrInvalid  = errors.New("invalid")                         // the request itself is wrong (empty id, unknown field, bad status)
	ErrConflict = errors.New("conflict")                        // the entry's state does not allow the action (e.g. already processed)
	ErrPaused   = errors.New("sync paused: Salesforce refused") // the connection is unauthorized; reconnect first
	ErrDiskFull = errors.New("sync paused: the disk is full")   // the database cannot grow; free space on its disk
)

// QualifyRequest is the inbound "qualify" webhook: a backend names a
// referral (by id), or the referred person (email, name, phone, company) and
// the member's referral code, and the status.
type QualifyRequest struct {
	ProgramID    int64  `json:"program_id"` // 0: the default program
	ReferralCode string `json:"referral_code"`
	Email        string `json:"email"`
	ReferralID   string `json:"referral_id"`
	FirstName    string `json:"first_name"` // identity fields: matched like a sales entry's (fuzzy)
	LastName     string `json:"last_name"`
	Phone        string `json:"phone"`
	Company      string `json:"company"`
	Status       string `json:"status"` // default qualified
}

// Field reads key from m, exactly or ignoring case (SOQL names are case-insensitive).
func Field(m map[string]any, key string) any {
	if v, ok := m[key]; ok {
		return v
	}
	for k, v := range m {
		if strings.EqualFold(k, key) {
			return v
		}
	}
	return nil
}

// FieldText is a field of a record's snapshot as text, as rules compare it ("" when absent).
func FieldText(snap map[string]any, field string) string { return Text(Field(snap, field)) }

// Text renders a field value as rules compare it.
func Text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprint(v)
}

// DuplicateMatch is how a failed push's error names a record a Salesforce
// duplicate rule matched ("; it matches Lead 00Q…"); DuplicateNamed reads it back.
func DuplicateMatch(object, recordID string) string {
	return fmt.Sprintf("; it matches %s %s", object, recordID)
}

// namedPattern finds what DuplicateMatch wrote.
var namedPattern = regexp.MustCompile(`; it matches ([A-Za-z0-9_]+) ([A-Za-z0-9]{15,18})\b`)

// DuplicateNamed reads, from the error a failed push left on a referral, the
// first existing record a Salesforce duplicate rule named, so a person can
// link the referral to it as the "link" existing-email option would have.
func DuplicateNamed(sfError string) (object, recordID string, ok bool) {
	m := namedPattern.FindStringSubmatch(sfError)
	if m == nil {
		return "", "", false
	}
	return m[1], m[2], true
}
