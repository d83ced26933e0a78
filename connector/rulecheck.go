package connector

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/google/uuid"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/salesforce"
)

// RuleProblem is a status change rule that can no longer fire: the value it
// waits for is not one the org's field takes now (a renamed won stage or
// converted status), or the field is gone.
type RuleProblem struct {
	ProgramID int64
	Rule      string // the rule in words, e.g. `Opportunity.StageName entered "Closed Won" → approved`
	Words     string // what is wrong, with the field's values now, and what to do
}

// RuleSink keeps the rule problems found, one sentence each; *store.DB satisfies it.
type RuleSink interface {
	SetRuleProblems(ctx context.Context, problems []string) error
}

// ruleCheckEvery is how often serve checks the rules against the org's describe.
const ruleCheckEvery = 15 * time.Minute

// scheduleRuleCheck checks the rules at once and then every ruleCheckEvery,
// keeping what it finds where the dashboard and the trouble email read it.
func (r *Receiver) scheduleRuleCheck(s gocron.Scheduler, ctx context.Context) error {
	rs, ok := r.sink.(RuleSink)
	if !ok || r.crm == nil {
		return nil
	}
	_, err := s.NewJob(gocron.DurationJob(ruleCheckEvery), gocron.NewTask(func() {
		if err := r.SaveRuleCheck(ctx, rs); err != nil && ctx.Err() == nil {
			r.log.Warn("check the rules against Salesforce", slog.Any("err", err))
		}
	}), gocron.WithName("check rules"), gocron.WithSingletonMode(gocron.LimitModeReschedule),
		gocron.WithStartAt(gocron.WithStartImmediately()),
		gocron.WithEventListeners(gocron.AfterJobRunsWithPanic(func(_ uuid.UUID, _ string, recovered any) {
			r.log.Error("rule check panicked", slog.Any("panic", recovered))
		})))
	if err != nil {
		return fmt.Errorf("connector: schedule the rule check: %w", err)
	}
	return nil
}

// SaveRuleCheck runs CheckRules and keeps its findings in rs, one sentence each.
func (r *Receiver) SaveRuleCheck(ctx context.Context, rs RuleSink) error {
	found, err := r.CheckRules(ctx)
	if err != nil {
		return err
	}
	lines := make([]string, len(found))
	for i, p := range found {
		lines[i] = fmt.Sprintf("Program %d: the rule %s — %s", p.ProgramID, p.Rule, p.Words)
	}
	return rs.SetRuleProblems(ctx, lines)
}

// CheckRules checks every active program's status change rules against the
// org's describe (each object described once) and returns those that can no
// longer fire. Rules on a checkbox (Opportunity.IsWon, Lead.IsConverted) name
// the meaning and survive a renamed value.
func (r *Receiver) CheckRules(ctx context.Context) ([]RuleProblem, error) {
	if r.crm == nil {
		return nil, fmt.Errorf("%w: no Salesforce connection is configured", ErrInvalid)
	}
	set, err := r.ruleSet(ctx)
	if err != nil {
		return nil, err
	}
	described := map[string]*salesforce.Description{}
	meanings := map[string]string{}
	var out []RuleProblem
	for _, pg := range set.progs {
		for i := range pg.rules.Events {
			ev := &pg.rules.Events[i]
			d, ok := described[ev.Object]
			if !ok {
				if d, err = r.describeSince(ctx, ev.Object); err != nil {
					return out, fmt.Errorf("connector: check rules: %w", err)
				}
				described[ev.Object] = d
			}
			if words := ruleProblem(ev, d); words != "" {
				words += r.meaningNow(ctx, ev, meanings)
				out = append(out, RuleProblem{ProgramID: pg.id, Rule: ruleWords(ev), Words: words})
			}
		}
	}
	return out, nil
}

// describedObject is a describe answer and when it was read.
type describedObject struct {
	d  *salesforce.Description
	at time.Time
}

// describeSince describes object, asking with If-Modified-Since when it was
// described before: an unchanged describe answers 304 without a body.
func (r *Receiver) describeSince(ctx context.Context, object string) (*salesforce.Description, error) {
	r.mu.Lock()
	prev := r.described[object]
	r.mu.Unlock()
	now := r.now()
	d, changed, err := r.crm.DescribeSince(ctx, object, prev.at)
	if err != nil {
		return nil, err
	}
	if !changed && prev.d != nil {
		return prev.d, nil
	}
	if d == nil { // 304 without an earlier answer: ask in full
		if d, _, err = r.crm.DescribeSince(ctx, object, time.Time{}); err != nil {
			return nil, err
		}
		if d == nil {
			return nil, fmt.Errorf("describe %s: Salesforce answered 304 to a describe without If-Modified-Since", object)
		}
	}
	r.mu.Lock()
	r.described[object] = describedObject{d: d, at: now}
	r.mu.Unlock()
	return d, nil
}

// ruleProblem says why ev can no longer fire on the described object ("" when it can).
func ruleProblem(ev *config.Event, d *salesforce.Description) string {
	if strings.Contains(ev.Field, ".") {
		return "" // a related record's field: its own object's describe would be needed
	}
	f, ok := d.Field(ev.Field)
	if !ok {
		return fmt.Sprintf("Salesforce's %s has no field %s any more: fix or remove the rule under Settings → Status change events.", ev.Object, ev.Field)
	}
	if (f.Type != "picklist" && f.Type != "multipicklist") || (ev.Operator != config.OpEquals && ev.Operator != config.OpIn) {
		return ""
	}
	var values []string
	for _, p := range f.PicklistValues {
		if p.Active {
			values = append(values, p.Value)
		}
	}
	want := []string{ev.Value}
	if ev.Operator == config.OpIn {
		want = strings.Split(ev.Value, ",")
	}
	for _, w := range want {
		if slices.Contains(values, strings.TrimSpace(w)) {
			return ""
		}
	}
	hint := ""
	switch {
	case ev.Object == "Opportunity" && ev.Field == "StageName":
		hint = " Name the meaning instead: Opportunity IsWon is true (fires for whichever stage counts as won)."
	case ev.Object == "Lead" && ev.Field == "Status":
		hint = " Name the meaning instead: Lead IsConverted is true (fires for whichever status counts as converted)."
	}
	return fmt.Sprintf("it can no longer fire: Salesforce's %s.%s has no value %q now; its values are %s.%s",
		ev.Object, ev.Field, ev.Value, quoted(values), hint)
}

func quoted(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
