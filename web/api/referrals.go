package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/refsync/refsync/store"
)

// Referral is a referral as the API shows it: its id, the fields a client
// writes (ReferralInput), and what refsync adds.
type Referral struct {
	ID string `json:"id"`
	ReferralInput
	Amount          *float64         `json:"amount"`   // from a field mapping (e.g. Opportunity Amount); null until one sets it
	Currency        string           `json:"currency"` // the amount's ISO code in a multi-currency org (e.g. JPY); "" otherwise
	Salesforce      []SalesforceLink `json:"salesforce"`
	SalesforceState string           `json:"salesforce_state"`
	SalesforceError string           `json:"salesforce_error,omitempty"`
	CreatedAt       string           `json:"created_at"`
	UpdatedAt       string           `json:"updated_at"`
}

// SalesforceLink is one Salesforce record linked to a referral.
type SalesforceLink struct {
	Object  string `json:"object"`
	ID      string `json:"id"`
	Kind    string `json:"kind"`
	Deleted bool   `json:"deleted,omitempty"`
}

// ReferralInput is the body of POST /referrals (and each bulk item).
type ReferralInput struct {
	ProgramID  int64             `json:"program_id"` // 0 (or left out): the default program, or ?program_id=
	ExternalID string            `json:"external_id"`
	FirstName  string            `json:"first_name"`
	LastName   string            `json:"last_name"`
	Email      string            `json:"email"`
	Phone      string            `json:"phone"`
	Company    string            `json:"company"`
	Street     string            `json:"street"`
	City       string            `json:"city"`
	State      string            `json:"state"`
	PostalCode string            `json:"postal_code"`
	MemberCode string            `json:"member_code"`
	Status     string            `json:"status"`
	Custom     map[string]string `json:"custom"`
}

func (in *ReferralInput) validate() error {
	var c checker
	for _, f := range []struct{ name, v string }{{"external_id", in.ExternalID}, {"first_name", in.FirstName},
		{"last_name", in.LastName}, {"company", in.Company}, {"street", in.Street}, {"city", in.City}, {"state", in.State},
		{"postal_code", in.PostalCode}, {"member_code", in.MemberCode}} {
		c.text(f.name, f.v)
	}
	c.email("email", in.Email)
	c.phone("phone", in.Phone)
	c.status("status", in.Status)
	c.custom("custom", in.Custom)
	if !store.HasIdentity(in.referral()) {
		c.fail("last_name", store.MsgNoIdentity)
	}
	if c.err != nil {
		return c.err
	}
	return nil
}

func (in *ReferralInput) referral() *store.Referral {
	return &store.Referral{ProgramID: in.ProgramID, ExternalID: in.ExternalID, FirstName: in.FirstName, LastName: in.LastName, Email: in.Email,
		Phone: in.Phone, Company: in.Company, Street: in.Street, City: in.City, State: in.State, PostalCode: in.PostalCode,
		MemberCode: in.MemberCode, Status: in.Status, Custom: in.Custom, SFState: store.SFQueued}
}

// referralOut renders a stored referral with its links.
func (s *server) referralOut(ctx context.Context, r *store.Referral) (*Referral, error) {
	links, err := s.DB.LinksOfReferral(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	out := &Referral{ID: r.ID, ReferralInput: ReferralInput{ProgramID: r.ProgramID, ExternalID: r.ExternalID, FirstName: r.FirstName, LastName: r.LastName,
		Email: r.Email, Phone: r.Phone, Company: r.Company, Street: r.Street, City: r.City, State: r.State, PostalCode: r.PostalCode,
		MemberCode: r.MemberCode, Status: r.Status, Custom: r.Custom}, SalesforceState: r.SFState, SalesforceError: r.SFError,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, Salesforce: []SalesforceLink{}, Amount: r.Amount, Currency: r.Currency}
	if out.Custom == nil {
		out.Custom = map[string]string{}
	}
	for _, l := range links {
		out.Salesforce = append(out.Salesforce, SalesforceLink{Object: l.Object, ID: l.RecordID, Kind: l.Kind, Deleted: l.DeletedAt != ""})
	}
	return out, nil
}

func (s *server) listReferrals(w http.ResponseWriter, r *http.Request, _ *caller) error {
	q := r.URL.Query()
	limit, err := limitParam(q)
	if err != nil {
		return err
	}
	var c checker
	c.status("status", q.Get("status"))
	if c.err != nil {
		return c.err
	}
	program, err := s.programParam(r, 0, false)
	if err != nil {
		return err
	}
	rows, next, err := s.DB.ListReferrals(r.Context(), store.ReferralFilter{ProgramID: program, Status: q.Get("status"), MemberID: q.Get("member_id"),
		Search: q.Get("q"), After: q.Get("cursor"), Limit: limit})
	if errors.Is(err, store.ErrInvalid) {
		return errf(codeInvalid, "cursor", "%s", userText(err))
	}
	if err != nil {
		return err
	}
	out := list[*Referral]{Items: []*Referral{}, NextCursor: next}
	for _, row := range rows {
		ro, err := s.referralOut(r.Context(), row)
		if err != nil {
			return err
		}
		out.Items = append(out.Items, ro)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *server) getReferral(w http.ResponseWriter, r *http.Request, _ *caller) error {
	row, err := s.DB.ReferralByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	out, err := s.referralOut(r.Context(), row)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *server) createReferral(w http.ResponseWriter, r *http.Request, c *caller) error {
	var in ReferralInput
	if err := decode(w, r, s.MaxBody, &in); err != nil {
		return err
	}
	if err := in.validate(); err != nil {
		return err
	}
	var err error
	if in.ProgramID, err = s.programParam(r, in.ProgramID, true); err != nil {
		return err
	}
	ref := in.referral()
	if err = s.DB.CreateReferralForPush(r.Context(), ref, c.Actor()); err != nil {
		return err
	}
	return s.answerReferral(w, r, ref.ID, http.StatusCreated)
}

// answerReferral tells the receiver and the push worker about a new or changed referral and answers it.
func (s *server) answerReferral(w http.ResponseWriter, r *http.Request, id string, status int) error {
	row, err := s.DB.ReferralByID(r.Context(), id)
	if err != nil {
		return err
	}
	out, err := s.referralOut(r.Context(), row)
	if err != nil {
		return err
	}
	s.changed(row, out)
	writeJSON(w, status, out)
	return nil
}

func (s *server) changed(row *store.Referral, out *Referral) {
	if s.Receiver != nil {
		m := row.MatchRecord()
		for _, l := range out.Salesforce {
			if !l.Deleted {
				m.SalesforceIDs = append(m.SalesforceIDs, l.ID)
			}
		}
		s.Receiver.ReferralChanged(m)
	}
	if s.Push != nil && row.SFState == store.SFQueued {
		s.Push.Wake()
	}
}
