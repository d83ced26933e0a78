package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/store"
	"github.com/refsync/refsync/web/api"
)

// memberListView is the data of the members page.
type memberListView struct {
	Search  string
	Members []*store.Member
	Next    string
}

// memberList lists and searches the members of the switcher's program.
func (s *server) memberList(c echo.Context) error {
	v := memberListView{Search: c.QueryParam("q")}
	list, next, err := s.DB.ListMembers(c.Request().Context(), store.MemberFilter{ProgramID: s.currentProgram(c), Search: v.Search,
		After: c.QueryParam("after"), Limit: 50})
	if err != nil {
		return &userError{Code: http.StatusBadRequest, Msg: "That page link is broken; go back to the first page.", err: err}
	}
	v.Members = list
	if next != "" {
		q := url.Values{"after": {next}}
		if v.Search != "" {
			q.Set("q", v.Search)
		}
		v.Next = "/members?" + q.Encode()
	}
	return s.render(c, http.StatusOK, "members", v)
}

// memberView is the data of a member's page.
type memberView struct {
	Member    *store.Member
	Referrals []*store.Referral
}

// memberDetail shows a member and the referrals they made: the page a
// pushed Lead's member URL opens.
func (s *server) memberDetail(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.DB.MemberByID(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	refs, _, err := s.DB.ListReferrals(ctx, store.ReferralFilter{MemberID: m.ID, Limit: 200})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "member", memberView{Member: m, Referrals: refs})
}

// memberFields are the member form's fields, in form order, with their labels.
var memberFields = []struct{ Name, Label string }{
	{"referral_code", "Referral code"}, {"first_name", "First name"}, {"last_name", "Last name"},
	{"email", "Email"}, {"phone", "Phone"}, {"external_id", "External id"},
}

// memberFormView is the data of the add/edit member page.
type memberFormView struct {
	ID       string
	Values   map[string]string
	Fields   []struct{ Name, Label string }
	Program  int64
	Error    string
	ErrField string
}

func (s *server) renderMemberForm(c echo.Context, code int, v memberFormView) error {
	v.Fields = memberFields
	return s.render(c, code, "member_form", v)
}

// memberNew shows an empty member form.
func (s *server) memberNew(c echo.Context) error {
	v := memberFormView{Values: map[string]string{"referral_code": c.QueryParam("code")}, Program: s.settingsProgram(c)}
	if p, err := strconv.ParseInt(c.QueryParam("program"), 10, 64); err == nil && p > 0 {
		v.Program = p // e.g. from a member_not_found entry of that program
	}
	return s.renderMemberForm(c, http.StatusOK, v)
}

// memberEdit shows a member's form.
func (s *server) memberEdit(c echo.Context) error {
	m, err := s.DB.MemberByID(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	vals := map[string]string{"referral_code": m.ReferralCode, "first_name": m.FirstName, "last_name": m.LastName,
		"email": m.Email, "phone": m.Phone, "external_id": m.ExternalID}
	return s.renderMemberForm(c, http.StatusOK, memberFormView{ID: m.ID, Values: vals, Program: m.ProgramID})
}

func memberInput(c echo.Context) (map[string]string, api.MemberInput) {
	vals := map[string]string{}
	for _, f := range memberFields {
		vals[f.Name] = strings.TrimSpace(c.FormValue(f.Name))
	}
	p := func(k string) *string { s := vals[k]; return &s }
	return vals, api.MemberInput{ReferralCode: p("referral_code"), FirstName: p("first_name"), LastName: p("last_name"),
		Email: p("email"), Phone: p("phone"), ExternalID: p("external_id")}
}

// memberCreate adds a member with the API's checks.
func (s *server) memberCreate(c echo.Context) error {
	vals, in := memberInput(c)
	v := memberFormView{Values: vals, Program: s.formProgram(c)}
	if v.ErrField, v.Error = api.CheckMember(in, true); v.Error != "" {
		return s.renderMemberForm(c, http.StatusUnprocessableEntity, v)
	}
	m := &store.Member{ProgramID: v.Program, ReferralCode: *in.ReferralCode, FirstName: *in.FirstName, LastName: *in.LastName,
		Email: *in.Email, Phone: *in.Phone, ExternalID: *in.ExternalID}
	err := s.DB.CreateMember(c.Request().Context(), m)
	if msg, ok := formProblem(err); ok {
		v.Error = msg
		return s.renderMemberForm(c, http.StatusUnprocessableEntity, v)
	}
	if err != nil {
		return err
	}
	return s.redirectWithFlash(c, "/members/"+m.ID, "Member added. Entries waiting for this member's code can be retried from the review queue.")
}

// memberUpdate saves a member's form with the API's checks.
func (s *server) memberUpdate(c echo.Context) error {
	ctx := c.Request().Context()
	cur, err := s.DB.MemberByID(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	vals, in := memberInput(c)
	v := memberFormView{ID: cur.ID, Values: vals, Program: cur.ProgramID}
	if v.ErrField, v.Error = api.CheckMember(in, false); v.Error != "" {
		return s.renderMemberForm(c, http.StatusUnprocessableEntity, v)
	}
	_, err = s.DB.UpdateMember(ctx, cur.ID, store.MemberPatch{ReferralCode: in.ReferralCode, FirstName: in.FirstName,
		LastName: in.LastName, Email: in.Email, Phone: in.Phone, ExternalID: in.ExternalID}, actor(c))
	if msg, ok := formProblem(err); ok {
		v.Error = msg
		return s.renderMemberForm(c, http.StatusUnprocessableEntity, v)
	}
	if err != nil {
		return err
	}
	return s.redirectWithFlash(c, "/members/"+cur.ID, "Member saved.")
}
