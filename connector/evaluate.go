package connector

import (
	"context"

	"github.com/refsync/refsync/matching"
)

// evaluate is the pipeline's first half for one entry, without storing it:
// the status change event its snapshot entered since prev (rules), then the
// match and the process rules (decide). A webhook entry keeps the status it
// asked for. receive, the preview and the replay all run it.
func (ps *pass) evaluate(ctx context.Context, e *matching.Entry, prev map[string]any) error {
	if e.Object != WebhookObject {
		e.Rule, e.TargetStatus = "", ""
		if ev := firedEvent(ps.rules, e.Object, prev, e.Snapshot); ev != nil {
			e.Rule, e.TargetStatus = ruleWords(ev), ev.Status
		}
	}
	return ps.decideEntry(ctx, e)
}

// decideEntry matches an entry with the fields its source names: a
// Salesforce record's by the rules, a webhook's by the fields it was sent.
func (ps *pass) decideEntry(ctx context.Context, e *matching.Entry) error {
	if e.Object == WebhookObject {
		se, members := webhookMatch(e.Snapshot)
		return ps.decide(ctx, e, se, members, true)
	}
	return ps.decideRecord(ctx, e)
}
