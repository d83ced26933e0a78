package push

import (
	"context"
	"errors"
	"fmt"

	"github.com/refsync/refsync/connector/outbound"
)

// Ready reports whether pushes may go out now: with one set of push rules
// (no ProgramRules), not while the push object is off ("") — the jobs stay
// queued — and never with wrong settings.
func (w *Worker) Ready(ctx context.Context) (bool, error) {
	if w.ProgramRules != nil {
		return true, nil
	}
	rules, err := w.Rules(ctx)
	if err != nil {
		return false, fmt.Errorf("push: read rules: %w", err)
	}
	if rules.Object == "" {
		return false, nil
	}
	if err := rules.Validate(); err != nil {
		return false, fmt.Errorf("push: the push settings are wrong, nothing is sent until they are fixed: %w", err)
	}
	return true, nil
}

// Send pushes claimed jobs, each with its own program's push settings (or
// the one set of Rules). Jobs of a program whose pushing is off or whose
// settings are wrong wait (with backoff), saying why.
func (w *Worker) Send(ctx context.Context, jobs []outbound.Job) (map[int64]error, error) {
	w.defaults()
	items, err := w.Store.LoadPushes(ctx, jobs)
	if err != nil {
		return nil, err
	}
	errs := map[int64]error{}
	if w.ProgramRules == nil {
		rules, err := w.Rules(ctx)
		if err != nil {
			return nil, fmt.Errorf("push: read rules: %w", err)
		}
		return errs, w.pushItems(ctx, rules, items, errs)
	}
	groups := map[int64][]Item{}
	var order []int64
	for _, it := range items {
		p := it.Referral.ProgramID
		if p == 0 {
			p = 1
		}
		if _, ok := groups[p]; !ok {
			order = append(order, p)
		}
		groups[p] = append(groups[p], it)
	}
	var out []error
	for _, p := range order {
		rules, err := w.ProgramRules(ctx, p)
		if err == nil && rules.Object != "" {
			err = rules.Validate()
		}
		switch {
		case err != nil:
			cause := fmt.Errorf("the push settings of program %d are wrong, nothing is sent until they are fixed: %w", p, err)
			wait(errs, groups[p], cause)
			out = append(out, cause)
		case rules.Object == "":
			wait(errs, groups[p], fmt.Errorf("pushing is off in program %d's settings", p))
		default:
			out = append(out, w.pushItems(ctx, rules, groups[p], errs))
		}
	}
	return errs, errors.Join(out...)
}

// wait gives every item the error that keeps it from going out now.
func wait(errs map[int64]error, items []Item, cause error) {
	for _, it := range items {
		errs[it.JobID] = cause
	}
}

// Fail records pushes given up: the referral shows why.
func (w *Worker) Fail(ctx context.Context, jobs []outbound.Job, reasons []string) error {
	outs := make([]Outcome, len(jobs))
	for i, j := range jobs {
		outs[i] = Outcome{JobID: j.ID, ReferralID: j.Ref, State: StateFailed, Error: reasons[i]}
	}
	return w.Store.FinishPushes(ctx, outs)
}
