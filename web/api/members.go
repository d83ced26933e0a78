package api

import (
	"errors"
	"net/http"
	"strings"

	"github.com/refsync/refsync/store"
)

// Member is a referring member as the API shows it.
type Member struct {
	ID           string `json:"id"`
	ProgramID    int64  `json:"program_id"`
	ExternalID   string `json:"external_id"`
	ReferralCode string `json:"referral_code"`
	FirstName    string `json:"first_name"`
	LastName     string `json:"last_name"`
	Email        string `json:"email"`
	Phone        string `json:"phone"`
	CreatedAt    string `json:"created_at"`
	UpdatedAt    string `json:"updated_at"`
}

func memberOut(m *store.Member) *Member {
	return &Member{ID: m.ID, ProgramID: m.ProgramID, ExternalID: m.ExternalID, ReferralCode: m.ReferralCode, FirstName: m.FirstName,
		LastName: m.LastName, Email: m.Email, Phone: m.Phone, CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt}
}

// MemberInput is the body of POST /members; PATCH takes the same fields, each optional.
type MemberInput struct {
	ProgramID    int64   `json:"program_id"` // POST only; 0 (or left out): the default program, or ?program_id=
	ExternalID   *string `json:"external_id"`
	ReferralCode *string `json:"referral_code"`
	FirstName    *string `json:"first_name"`
	LastName     *string `json:"last_name"`
	Email        *string `json:"email"`
	Phone        *string `json:"phone"`
}

func (in *MemberInput) validate(create bool) error {
	var c checker
	v := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	for _, f := range []struct {
		name string
		p    *string
	}{{"external_id", in.ExternalID}, {"referral_code", in.ReferralCode}, {"first_name", in.FirstName}, {"last_name", in.LastName}} {
		c.text(f.name, v(f.p))
	}
	c.email("email", v(in.Email))
	c.phone("phone", v(in.Phone))
	code := strings.TrimSpace(v(in.ReferralCode))
	if (create || in.ReferralCode != nil) && code == "" {
		c.fail("referral_code", "referral_code is required: the code a member's referrals carry")
	} else if strings.ContainsAny(code, " ,;") {
		c.fail("referral_code", "referral_code %q must not contain spaces, commas or semicolons", code)
	}
	if c.err != nil {
		return c.err
	}
	return nil
}

func (s *server) listMembers(w http.ResponseWriter, r *http.Request, _ *caller) error {
	q := r.URL.Query()
	limit, err := limitParam(q)
	if err != nil {
		return err
	}
	program, err := s.programParam(r, 0, false)
	if err != nil {
		return err
	}
	rows, next, err := s.DB.ListMembers(r.Context(), store.MemberFilter{ProgramID: program, Search: q.Get("q"), After: q.Get("cursor"), Limit: limit})
	if errors.Is(err, store.ErrInvalid) {
		return errf(codeInvalid, "cursor", "%s", userText(err))
	}
	if err != nil {
		return err
	}
	out := list[*Member]{Items: []*Member{}, NextCursor: next}
	for _, m := range rows {
		out.Items = append(out.Items, memberOut(m))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *server) getMember(w http.ResponseWriter, r *http.Request, _ *caller) error {
	m, err := s.DB.MemberByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, memberOut(m))
	return nil
}

func (s *server) createMember(w http.ResponseWriter, r *http.Request, c *caller) error {
	var in MemberInput
	if err := decode(w, r, s.MaxBody, &in); err != nil {
		return err
	}
	if err := in.validate(true); err != nil {
		return err
	}
	program, err := s.programParam(r, in.ProgramID, true)
	if err != nil {
		return err
	}
	v := func(p *string) string {
		if p == nil {
			return ""
		}
		return strings.TrimSpace(*p)
	}
	m := &store.Member{ProgramID: program, ExternalID: v(in.ExternalID), ReferralCode: v(in.ReferralCode), FirstName: v(in.FirstName),
		LastName: v(in.LastName), Email: v(in.Email), Phone: v(in.Phone)}
	if err := s.DB.CreateMember(r.Context(), m); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, memberOut(m))
	return nil
}

func (s *server) patchMember(w http.ResponseWriter, r *http.Request, c *caller) error {
	var in MemberInput
	if err := decode(w, r, s.MaxBody, &in); err != nil {
		return err
	}
	if err := in.validate(false); err != nil {
		return err
	}
	if in.ProgramID != 0 {
		return errf(codeInvalid, "program_id", "a member stays in its program; add a new member to the other program instead")
	}
	m, err := s.DB.UpdateMember(r.Context(), r.PathValue("id"), store.MemberPatch{ExternalID: in.ExternalID,
		ReferralCode: in.ReferralCode, FirstName: in.FirstName, LastName: in.LastName, Email: in.Email, Phone: in.Phone}, c.Actor())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, memberOut(m))
	return nil
}
