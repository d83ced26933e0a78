package connector

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/salesforce"
)

// meaningRow is where the org says which value of a picklist carries a
// meaning: the OpportunityStage whose IsWon is true, the LeadStatus whose
// IsConverted is true.
type meaningRow struct {
	stock string // the value by that meaning in an org nobody renamed
	soql  string
	words string
}

var meaningRows = map[string]meaningRow{
	"Opportunity.StageName": {"Closed Won", "SELECT ApiName FROM OpportunityStage WHERE IsWon = true AND IsActive = true ORDER BY SortOrder", "the stage that counts as won"},
	"Lead.Status":           {"Closed - Converted", "SELECT ApiName FROM LeadStatus WHERE IsConverted = true ORDER BY SortOrder", "the status that counts as converted"},
}

// meaningNow names the value that now carries the meaning a dead rule's
// stock value had (`The stage that counts as won is now "Closed - Won".`),
// asking the org once per check (seen); "" when the rule's value had no such
// meaning or the org cannot say. Only rules that cannot fire pay the query.
func (r *Receiver) meaningNow(ctx context.Context, ev *config.Event, seen map[string]string) string {
	key := ev.Object + "." + ev.Field
	m, ok := meaningRows[key]
	if !ok || ev.Value != m.stock {
		return ""
	}
	if words, done := seen[key]; done {
		return words
	}
	var names []string
	err := r.crm.QueryAll(ctx, m.soql, func(p salesforce.Page) error {
		for _, rec := range p.Records {
			names = append(names, valueString(rec["ApiName"]))
		}
		return nil
	})
	words := ""
	switch {
	case err != nil:
		r.log.Debug("read the picklist's meaning", slog.String("field", key), slog.Any("err", err))
	case len(names) == 1:
		words = fmt.Sprintf(" In Salesforce, %s is now %q.", m.words, names[0])
	case len(names) > 1:
		words = fmt.Sprintf(" In Salesforce, %s is now one of %s.", m.words, quoted(names))
	}
	seen[key] = words
	return words
}
