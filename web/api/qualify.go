package api

import (
	"net/http"
	"strings"

	"github.com/refsync/refsync/connector/plain"
)

// Qualify is the body of POST /qualify, the inbound webhook another backend
// calls when a referred person qualifies: referral_id names the referral, or
// the identity fields (email, first_name, last_name, phone, company) describe
// the person and are matched like a Salesforce entry's (direct, then fuzzy;
// low confidence or two close candidates go to review with the same reason
// codes); referral_code names the member, to add the referral when none
// matches; status is where it should go (default qualified).
type Qualify struct {
	ProgramID    int64  `json:"program_id"` // 0 (or left out): the default program
	ReferralCode string `json:"referral_code"`
	Email        string `json:"email"`
	ReferralID   string `json:"referral_id"`
	FirstName    string `json:"first_name"`
	LastName     string `json:"last_name"`
	Phone        string `json:"phone"`
	Company      string `json:"company"`
	Status       string `json:"status"` // pending, qualified (default), approved or denied
	// EventID is the caller's own id of this event (e.g. a call id): a second
	// call with the same event_id gets the first answer and changes nothing.
	EventID string `json:"event_id,omitempty"`
}

func (q *Qualify) validate() error {
	var c checker
	q.ReferralCode, q.Email, q.ReferralID = strings.TrimSpace(q.ReferralCode), strings.TrimSpace(q.Email), strings.TrimSpace(q.ReferralID)
	c.text("referral_code", q.ReferralCode)
	c.id("referral_id", q.ReferralID)
	c.email("email", q.Email)
	for _, f := range []struct {
		name string
		v    *string
	}{{"first_name", &q.FirstName}, {"last_name", &q.LastName}, {"company", &q.Company}} {
		*f.v = strings.TrimSpace(*f.v)
		c.text(f.name, *f.v)
	}
	q.Phone = strings.TrimSpace(q.Phone)
	c.phone("phone", q.Phone)
	if q.Email == "" && q.ReferralID == "" && q.Phone == "" && q.FirstName == "" && q.LastName == "" && q.Company == "" {
		c.fail("referral_id", "send referral_id, or the person's email, name, phone or company, to say who qualified")
	}
	c.status("status", q.Status)
	c.text("event_id", q.EventID)
	if c.err != nil {
		return c.err
	}
	return nil
}

func (s *server) qualify(w http.ResponseWriter, r *http.Request, c *caller) error {
	if s.Receiver == nil {
		return errf(codeUnavailable, "", "the receiver is not running in this process")
	}
	var in Qualify
	if err := decode(w, r, s.MaxBody, &in); err != nil {
		return err
	}
	if err := in.validate(); err != nil {
		return err
	}
	program, err := s.programParam(r, in.ProgramID, false)
	if err != nil {
		return err
	}
	e, err := s.Receiver.Qualify(r.Context(), plain.QualifyRequest{ProgramID: program, ReferralCode: in.ReferralCode, Email: in.Email,
		ReferralID: in.ReferralID, FirstName: in.FirstName, LastName: in.LastName, Phone: in.Phone, Company: in.Company,
		Status: in.Status}, c.Actor())
	if err != nil {
		return err
	}
	return s.answerEntry(w, r.Context(), e.ID)
}
