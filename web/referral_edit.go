package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/store"
	"github.com/refsync/refsync/web/api"
)

// referralFields are the referral form's text fields, in form order, with their labels.
var referralFields = []struct{ Name, Label string }{
	{"first_name", "First name"}, {"last_name", "Last name"}, {"email", "Email"}, {"phone", "Phone"},
	{"company", "Company"}, {"street", "Street"}, {"city", "City"}, {"state", "State"}, {"postal_code", "Postal code"},
	{"external_id", "External id"}, {"member_code", "Member's referral code"},
}

// referralFormView is the data of the add/edit referral page.
type referralFormView struct {
	ID       string // "" when adding
	Values   map[string]string
	Fields   []struct{ Name, Label string }
	Program  int64
	Error    string
	ErrField string
}

func (s *server) renderReferralForm(c echo.Context, code int, v referralFormView) error {
	v.Fields = referralFields
	return s.render(c, code, "referral_form", v)
}

// referralNew shows an empty referral form for the switcher's program.
func (s *server) referralNew(c echo.Context) error {
	return s.renderReferralForm(c, http.StatusOK, referralFormView{Values: map[string]string{}, Program: s.settingsProgram(c)})
}

// referralEdit shows a referral's form.
func (s *server) referralEdit(c echo.Context) error {
	r, err := s.DB.ReferralByID(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	vals := map[string]string{"first_name": r.FirstName, "last_name": r.LastName, "email": r.Email, "phone": r.Phone,
		"company": r.Company, "street": r.Street, "city": r.City, "state": r.State, "postal_code": r.PostalCode,
		"external_id": r.ExternalID, "member_code": r.MemberCode}
	return s.renderReferralForm(c, http.StatusOK, referralFormView{ID: r.ID, Values: vals, Program: r.ProgramID})
}

func formValues(c echo.Context) map[string]string {
	vals := map[string]string{}
	for _, f := range referralFields {
		vals[f.Name] = strings.TrimSpace(c.FormValue(f.Name))
	}
	return vals
}

// referralCreate adds a referral with the API's checks and queues its push to Salesforce.
func (s *server) referralCreate(c echo.Context) error {
	v := referralFormView{Values: formValues(c), Program: s.formProgram(c)}
	in := api.ReferralInput{ProgramID: v.Program, FirstName: v.Values["first_name"], LastName: v.Values["last_name"],
		Email: v.Values["email"], Phone: v.Values["phone"], Company: v.Values["company"], Street: v.Values["street"],
		City: v.Values["city"], State: v.Values["state"], PostalCode: v.Values["postal_code"], ExternalID: v.Values["external_id"],
		MemberCode: v.Values["member_code"]}
	if v.ErrField, v.Error = api.CheckReferral(in); v.Error != "" {
		return s.renderReferralForm(c, http.StatusUnprocessableEntity, v)
	}
	ctx := c.Request().Context()
	ref := &store.Referral{ProgramID: in.ProgramID, FirstName: in.FirstName, LastName: in.LastName, Email: in.Email, Phone: in.Phone,
		Company: in.Company, Street: in.Street, City: in.City, State: in.State, PostalCode: in.PostalCode, ExternalID: in.ExternalID,
		MemberCode: in.MemberCode, SFState: store.SFQueued}
	err := s.DB.CreateReferralForPush(ctx, ref, actor(c))
	if msg, ok := formProblem(err); ok {
		v.Error = msg
		return s.renderReferralForm(c, http.StatusUnprocessableEntity, v)
	}
	if err != nil {
		return err
	}
	return s.redirectWithFlash(c, "/referrals/"+ref.ID, "Referral added; it goes to Salesforce with the next push run.")
}

// referralUpdate saves a referral's form with the API's checks.
func (s *server) referralUpdate(c echo.Context) error {
	ctx := c.Request().Context()
	cur, err := s.DB.ReferralByID(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	v := referralFormView{ID: cur.ID, Values: formValues(c), Program: cur.ProgramID}
	ptr := func(k string) *string { s := v.Values[k]; return &s }
	p := api.ReferralPatch{FirstName: ptr("first_name"), LastName: ptr("last_name"), Email: ptr("email"), Phone: ptr("phone"),
		Company: ptr("company"), Street: ptr("street"), City: ptr("city"), State: ptr("state"), PostalCode: ptr("postal_code"),
		ExternalID: ptr("external_id"), MemberCode: ptr("member_code")}
	if v.ErrField, v.Error = api.CheckReferralPatch(p); v.Error != "" {
		return s.renderReferralForm(c, http.StatusUnprocessableEntity, v)
	}
	_, err = s.DB.UpdateReferral(ctx, cur.ID, store.ReferralPatch{FirstName: p.FirstName, LastName: p.LastName, Email: p.Email,
		Phone: p.Phone, Company: p.Company, Street: p.Street, City: p.City, State: p.State, PostalCode: p.PostalCode,
		ExternalID: p.ExternalID, MemberCode: p.MemberCode}, actor(c))
	if msg, ok := formProblem(err); ok {
		v.Error = msg
		return s.renderReferralForm(c, http.StatusUnprocessableEntity, v)
	}
	if err != nil {
		return err
	}
	return s.redirectWithFlash(c, "/referrals/"+cur.ID, "Referral saved.")
}

// formProblem turns a store refusal (a used email, an unknown member code, an
// archived program) into the form's message.
func formProblem(err error) (string, bool) {
	if err == nil || !(errors.Is(err, store.ErrInvalid) || errors.Is(err, store.ErrConflict)) {
		return "", false
	}
	return storeSentence(err), true
}

// referralStatus changes a referral's status by hand: the guards apply, a
// reason is required, and the history names the person.
func (s *server) referralStatus(c echo.Context) error {
	ctx := c.Request().Context()
	id := c.Param("id")
	to, note := c.FormValue("status"), strings.TrimSpace(c.FormValue("note"))
	back := "/referrals/" + url.PathEscape(id)
	switch {
	case !store.ValidStatus(to):
		return s.redirectWithFlash(c, back, "Pick the new status: pending, qualified, approved or denied.")
	case note == "":
		return s.redirectWithFlash(c, back, "Say why the status changes; the reason is kept in the history.")
	}
	if fe := store.CheckText("note", note); fe != nil {
		return s.redirectWithFlash(c, back, "The reason "+fe.Msg+".")
	}
	_, changed, err := s.DB.SetReferralStatus(ctx, store.StatusChange{ReferralID: id, To: to, Actor: actor(c), Note: note, Manual: true})
	var te *store.TransitionError
	switch {
	case errors.As(err, &te):
		return s.redirectWithFlash(c, back, sentence(te.Error()))
	case err != nil:
		return err
	case !changed:
		return s.redirectWithFlash(c, back, fmt.Sprintf("The referral was already %s; nothing changed.", to))
	}
	return s.redirectWithFlash(c, back, fmt.Sprintf("Status changed to %s.", to))
}
