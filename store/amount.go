package store

import "strconv"

// AmountText is the referral's amount for people, with its currency in a
// multi-currency org: "1500000 JPY", "10000.5 USD", "250" ("" when unset).
func (r *Referral) AmountText() string {
	if r.Amount == nil {
		return ""
	}
	s := strconv.FormatFloat(*r.Amount, 'f', -1, 64)
	if r.Currency != "" {
		s += " " + r.Currency
	}
	return s
}
