package connector_test

import (
	"strconv"
	"testing"

	"github.com/refsync/refsync/store"
)

// In a multi-currency org a won deal's amount reaches the referral with its
// currency: 1,500,000 JPY and 10,000 USD are not two bare numbers.
func TestAmountKeepsItsCurrency(t *testing.T) {
	e := newEnv(t, func(o *sfemuOptions, _ *rulesT) { o.Currencies = []string{"USD", "JPY"} })
	jp := e.referral(&store.Referral{FirstName: "Kenji", LastName: "Yen", Email: "kenji@yen.example"})
	us := e.referral(&store.Referral{FirstName: "Dana", LastName: "Dollar", Email: "dana@usd.example"})
	e.insert("Opportunity", map[string]any{"StageName": "Closed Won", "Referral_ID__c": jp.ID, "Amount": 1500000.0, "CurrencyIsoCode": "JPY"})
	e.insert("Opportunity", map[string]any{"StageName": "Closed Won", "Referral_ID__c": us.ID, "Amount": 10000.0}) // the corporate currency
	e.sync()
	for id, want := range map[string]string{jp.ID: "1500000 JPY", us.ID: "10000 USD"} {
		r, err := e.db.ReferralByID(e.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if r.Amount == nil || r.Currency == "" || fmtAmount(*r.Amount)+" "+r.Currency != want {
			t.Fatalf("referral %s: amount %v currency %q, want %s", id, r.Amount, r.Currency, want)
		}
	}
}

// A single-currency org has no CurrencyIsoCode: the sync does not ask for it,
// and the amount stays a plain number.
func TestSingleCurrencyOrgHasNoCurrency(t *testing.T) {
	e := newEnv(t)
	ref := e.referral(&store.Referral{FirstName: "Sol", LastName: "One", Email: "sol@one.example"})
	e.insert("Opportunity", map[string]any{"StageName": "Closed Won", "Referral_ID__c": ref.ID, "Amount": 500.0})
	e.sync()
	r, _ := e.db.ReferralByID(e.ctx, ref.ID)
	if r.Amount == nil || *r.Amount != 500 || r.Currency != "" || r.Status != "approved" {
		t.Fatalf("referral %+v", r)
	}
}

func fmtAmount(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
