package connector

import (
	"context"
	"reflect"

	"github.com/refsync/refsync/config"
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

// sameMatchRules reports whether two rule sets match and process entries
// alike (they may differ in events, polling and the rest).
func sameMatchRules(a, b *config.Rules) bool {
	return reflect.DeepEqual(a.Mappings, b.Mappings) && reflect.DeepEqual(a.DirectFields, b.DirectFields) &&
		reflect.DeepEqual(a.MemberFields, b.MemberFields) && reflect.DeepEqual(a.FuzzyFields, b.FuzzyFields) &&
		a.Process == b.Process && a.Thresholds == b.Thresholds
}

// sameDecision reports whether two decisions of one entry agree; referrals
// a member match would add count as the same.
func sameDecision(a, b *matching.Entry) bool {
	sameRef := a.ReferralID == b.ReferralID || (a.Method == matching.MethodMember && b.Method == matching.MethodMember)
	return a.Rule == b.Rule && a.TargetStatus == b.TargetStatus && a.Method == b.Method && sameRef &&
		a.Outcome == b.Outcome && a.Reason == b.Reason
}

func copyEntry(e *matching.Entry) *matching.Entry { c := *e; return &c }

func copyLinks(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
