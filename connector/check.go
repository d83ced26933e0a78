package connector

import (
	"context"
	"fmt"

	"github.com/refsync/refsync/connector/salesforce"
)

// ObjectCheck is what a trial read of one watched object found.
type ObjectCheck struct {
	Object string
	Err    error  // nil when the sync's query of the object works
	Advice string // the failure in words (which object, which field, what to do); "" when Err says enough
}

// CheckObjects runs the sync's own query of every watched object once, with
// LIMIT 1 (one API call each), so `refsync doctor` names an object the org
// refuses (a field hidden by field-level security, a missing permission, the
// API switched off) before the sync meets it.
func (r *Receiver) CheckObjects(ctx context.Context) ([]ObjectCheck, error) {
	if r.crm == nil {
		return nil, fmt.Errorf("%w: no Salesforce connection is configured", ErrInvalid)
	}
	set, err := r.ruleSet(ctx)
	if err != nil {
		return nil, err
	}
	rules := set.merged // what polling reads: every active program's fields
	objects := rules.Polled()
	out := make([]ObjectCheck, 0, len(objects))
	for _, o := range objects {
		q := newPlan(o, rules).query(r.now()) + " LIMIT 1"
		err := r.crm.QueryAll(ctx, q, func(salesforce.Page) error { return nil })
		out = append(out, ObjectCheck{Object: o, Err: err, Advice: explain(o, err).advice})
	}
	return out, nil
}
