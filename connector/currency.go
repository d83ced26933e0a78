package connector

import (
	"context"
	"log/slog"

	"github.com/refsync/refsync/config"
)

// currencyField is where a multi-currency org keeps each record's currency;
// a single-currency org has no such field (and refuses a query naming it).
const currencyField = "CurrencyIsoCode"

// addCurrency reads CurrencyIsoCode with the records of object when the
// settings map one of its fields onto the referral's amount and the org has
// the field (its describe, read once per object and process).
func (r *Receiver) addCurrency(ctx context.Context, p *plan, rules *config.Rules) {
	if !amountMapped(rules, p.Object) || !r.hasCurrency(ctx, p.Object) {
		return
	}
	for _, f := range p.Own {
		if f == currencyField {
			return
		}
	}
	p.Own = append(p.Own, currencyField)
}

// hasCurrency reports whether object has CurrencyIsoCode, from the describe
// the rule check keeps (rulecheck.go), read here when the check has not run
// yet; a failed describe is tried again at the next poll.
func (r *Receiver) hasCurrency(ctx context.Context, object string) bool {
	r.mu.Lock()
	d := r.described[object].d
	r.mu.Unlock()
	if d == nil {
		var err error
		if d, err = r.describeSince(ctx, object); err != nil {
			r.log.Debug("describe for the currency field", slog.String("object", object), slog.Any("err", err))
			return false
		}
	}
	_, has := d.Field(currencyField)
	return has
}

// amountMapped reports whether a mapping writes a field of object onto the amount.
func amountMapped(rules *config.Rules, object string) bool {
	for _, m := range rules.Mappings {
		if m.Object == object && m.Target == "amount" {
			return true
		}
	}
	return false
}
