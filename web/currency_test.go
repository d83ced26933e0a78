package web

import (
	"context"
	"strings"
	"testing"
)

// A referral's amount is shown with its currency (a multi-currency org).
func TestReferralShowsAmountWithCurrency(t *testing.T) {
	app := newTestApp(t)
	ann, _, _ := app.seed()
	ctx := context.Background()
	err := app.DB.InTx(ctx, func(ctx context.Context) error {
		return app.DB.UpdateReferralFieldsRx(ctx, ann.ID, map[string]string{"amount": "1500000", "currency": "JPY"})
	})
	if err != nil {
		t.Fatal(err)
	}
	p := app.signedIn("admin@example.com", "admin").get("/referrals/" + ann.ID)
	if !strings.Contains(p.Body, "<dd>1500000 JPY</dd>") {
		t.Fatalf("referral page does not show the amount with its currency:\n%s", p.Body)
	}
}
