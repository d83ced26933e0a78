package web

import "context"

// DemoRecord is one record of the demo org as the "Salesforce side" page lists it.
type DemoRecord struct {
	ID     string
	Name   string
	Email  string
	State  string // an Opportunity's stage, a Lead's status
	Closed bool   // a won or lost Opportunity, a converted Lead
}

// DemoOrg is the demo's emulated Salesforce org (cmd wires connector/sfemu):
// the "Salesforce side" page moves its records as a sales team would.
type DemoOrg interface {
	Opportunities(ctx context.Context, n int) ([]DemoRecord, error) // open ones first, newest first
	Leads(ctx context.Context, n int) ([]DemoRecord, error)         // unconverted ones, newest first
	CloseWon(ctx context.Context, opportunityID string) error
	QualifyLead(ctx context.Context, leadID string) error
	ConvertLead(ctx context.Context, leadID string) (opportunityID string, err error)
	CreateLead(ctx context.Context, fields map[string]any) (string, error)
}
