package sfemu

import (
	"fmt"
	"regexp"
)

// A multi-currency org: Options.Currencies (--currencies USD,JPY) gives
// Account, Contact, Lead and Opportunity the CurrencyIsoCode picklist of
// those ISO codes, the first being the corporate currency that new records
// get when none is set. Amounts are then in the record's currency.

var isoCode = regexp.MustCompile(`^[A-Z]{3}$`)

// enableCurrencies adds CurrencyIsoCode to the objects that carry amounts.
func (s *Server) enableCurrencies(codes []string) error {
	if len(codes) == 0 {
		return nil
	}
	values := make([]any, len(codes))
	for i, c := range codes {
		if !isoCode.MatchString(c) {
			return fmt.Errorf("sfemu: currency %q: write ISO 4217 codes in capitals, e.g. USD,JPY", c)
		}
		values[i] = map[string]any{"active": true, "defaultValue": i == 0, "label": c, "validFor": nil, "value": c}
	}
	tmpl := templates(s.schema.lookup("Lead"))
	for _, name := range []string{"Account", "Contact", "Lead", "Opportunity"} {
		o := s.schema.lookup(name)
		if o == nil || o.byLower["currencyisocode"] != nil {
			continue
		}
		o.addField(synthField(tmpl, fieldSpec{"CurrencyIsoCode", "picklist", "Currency ISO Code", 3, true, true, nil, ""}, func(m map[string]any) {
			m["picklistValues"], m["restrictedPicklist"], m["defaultValue"], m["defaultedOnCreate"] = values, true, codes[0], true
		}))
	}
	return nil
}

// corporateCurrency is the currency new records get ("" in a single-currency org).
func (s *Server) corporateCurrency() any {
	if len(s.opts.Currencies) == 0 {
		return nil
	}
	return s.opts.Currencies[0]
}
