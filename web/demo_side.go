package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/store"
)

// DemoRecord is one record of the demo org as the "Salesforce side" page lists it.
type DemoRecord struct {
	ID    string
	Name  string
	Email string
	State string // an Opportunity's stage, a Lead's status
}

// DemoOrg is the demo's emulated Salesforce org (cmd wires connector/sfemu):
// the "Salesforce side" page moves its records as a sales team would.
type DemoOrg interface {
	Opportunities(ctx context.Context, n int) ([]DemoRecord, error) // open ones, newest first
	Leads(ctx context.Context, n int) ([]DemoRecord, error)         // open ones, newest first
	CloseWon(ctx context.Context, opportunityID string) error
	QualifyLead(ctx context.Context, leadID string) error
	ConvertLead(ctx context.Context, leadID string) (opportunityID string, err error)
	CreateLead(ctx context.Context, fields map[string]any) (string, error)
}

// demoView is the data of the "Salesforce side" page.
type demoView struct {
	Opportunities []DemoRecord
	Leads         []DemoRecord
	Referrals     []*store.Referral
}

// routesDemo registers the "Salesforce side" page; only the demo has it.
func (s *server) routesDemo(in *echo.Group) {
	in.GET("/demo/salesforce", s.demoPage)
	in.POST("/demo/salesforce", s.demoAct)
}

// demoPage lists open Opportunities and Leads of the emulated org and the
// program's referrals, each with the action a sales rep would take.
func (s *server) demoPage(c echo.Context) error {
	if s.Demo == nil {
		return echo.ErrNotFound
	}
	ctx := c.Request().Context()
	var v demoView
	var err error
	if v.Opportunities, err = s.Demo.Opportunities(ctx, 15); err != nil {
		return err
	}
	if v.Leads, err = s.Demo.Leads(ctx, 15); err != nil {
		return err
	}
	if v.Referrals, _, err = s.DB.ListReferrals(ctx, store.ReferralFilter{ProgramID: s.currentProgram(c), Limit: 100}); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "demo_salesforce", v)
}

// demoAct does one thing in the emulated org and says what refsync will do next.
func (s *server) demoAct(c echo.Context) error {
	if s.Demo == nil {
		return echo.ErrNotFound
	}
	ctx, id := c.Request().Context(), c.FormValue("id")
	name := strings.TrimSpace(c.FormValue("name")) // the record's name, so the message says which one
	find := fmt.Sprintf(" To follow it, search the sales entries for %q.", name)
	if name == "" {
		name, find = "the record", ""
	}
	var msg string
	var err error
	switch c.FormValue("action") {
	case "won":
		err = s.Demo.CloseWon(ctx, id)
		msg = fmt.Sprintf("The Opportunity %q is Closed Won in Salesforce. Within a poll, refsync matches it to its referral.", name) + find
	case "qualify":
		err = s.Demo.QualifyLead(ctx, id)
		msg = fmt.Sprintf("The Lead of %s is now Working - Contacted in Salesforce; refsync picks the change up at its next poll.", name) + find
	case "convert":
		_, err = s.Demo.ConvertLead(ctx, id)
		msg = fmt.Sprintf("The Lead of %s is converted: Salesforce made an Account, a Contact and an Opportunity, now first in the list above to close.", name) + find
	case "lead":
		msg, err = s.demoLead(c, id)
	default:
		return &userError{Code: http.StatusBadRequest, Msg: "Pick one of the buttons on the Salesforce side page."}
	}
	if err != nil {
		return &userError{Code: http.StatusBadRequest, Msg: "The emulated Salesforce refused that: " + err.Error() + ". Reload the page and pick another record.", err: err}
	}
	return s.redirectWithFlash(c, "/demo/salesforce", msg)
}

// demoLead creates a Lead in the org for a referral, tagged with the
// referral's id when asked (a direct match) or else found by name and email.
func (s *server) demoLead(c echo.Context, referralID string) (string, error) {
	ctx := c.Request().Context()
	r, err := s.DB.ReferralByID(ctx, referralID)
	if errors.Is(err, store.ErrNotFound) {
		return "", errors.New("that referral does not exist")
	}
	if err != nil {
		return "", err
	}
	company := r.Company
	if company == "" {
		company = r.LastName + " household"
	}
	fields := map[string]any{"FirstName": r.FirstName, "LastName": r.LastName, "Email": r.Email, "Phone": r.Phone,
		"Company": company, "City": r.City, "LeadSource": "Referral"}
	if r.MemberCode != "" {
		fields["Member_Code__c"] = r.MemberCode
	}
	how := "by name and email"
	if c.FormValue("tag") == "on" {
		fields["Referral_ID__c"] = r.ID
		how = "by the referral id it carries"
	}
	if _, err := s.Demo.CreateLead(ctx, fields); err != nil {
		return "", err
	}
	name := strings.TrimSpace(r.FirstName + " " + r.LastName)
	return fmt.Sprintf("A Lead for %s was created in Salesforce; refsync will match it %s at its next poll. To follow it, search the sales entries for %q.", name, how, name), nil
}
